"""Generated pages rendered ahead on every core (`site_builder.parallel`) are the pages rendered in
order, byte for byte; the site built either way, with or without the template cache and the
navigation shared by a folder's pages (`site_builder.shared_parts`), is one."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from factories import mkdocs_build

from site_builder import parallel, shared_parts
from site_builder.pages import Rendered


def page(url: str) -> Rendered:
    return Rendered(f"<h1>{url}</h1>", {"title": url, "far_kind": "council"}, [{"level": 2, "id": url}])


def jobs(n: int) -> dict[str, tuple]:
    return {f"councils/c{i}.md": (page, f"councils/c{i}/") for i in range(n)}


@pytest.fixture
def cores(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(parallel.OFF, raising=False)
    monkeypatch.setattr(parallel, "cores", lambda: 2)


_FRESH = """
from site_builder import held, parallel
from site_builder.pages import Rendered

def page(url):
    if FAIL and url.endswith("7/"):
        raise ValueError("a record this page cannot show")
    return Rendered(f"<h1>{url}</h1>", {"title": url, "far_kind": "council"}, [{"level": 2, "id": url}])

parallel.cores = lambda: 2
work = {f"councils/c{i}.md": (page, f"councils/c{i}/") for i in range(parallel.MIN_PAGES)}
ahead = parallel.prerender(work)
if FAIL:
    print("in order" if ahead == {} else f"{len(ahead)} pages rendered ahead")
else:
    same = ahead == {src: held.pack(renderer(url)) for src, (renderer, url) in work.items()}
    print("same" if ahead and same else f"{len(ahead)} pages ahead, same: {same}")
"""


def _in_fresh_process(fail: bool, monkeypatch: pytest.MonkeyPatch) -> str:
    """What `prerender` does in a process of its own: this one may hold other tests' threads (a
    browser driver, a local server), and with any thread running nothing is rendered ahead."""
    monkeypatch.delenv(parallel.OFF, raising=False)
    code = f"FAIL = {fail}\n{_FRESH}"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_pages_rendered_ahead_are_the_pages_rendered_in_order(monkeypatch: pytest.MonkeyPatch):
    assert _in_fresh_process(False, monkeypatch) == "same"


def test_a_page_that_fails_leaves_every_page_to_be_rendered_in_order(monkeypatch: pytest.MonkeyPatch):
    assert _in_fresh_process(True, monkeypatch) == "in order"


def test_few_pages_one_core_or_turned_off_are_rendered_in_order(cores, monkeypatch: pytest.MonkeyPatch):
    assert parallel.prerender(jobs(parallel.MIN_PAGES - 1)) == {}
    monkeypatch.setenv(parallel.OFF, "1")
    assert parallel.prerender(jobs(parallel.MIN_PAGES)) == {}
    monkeypatch.delenv(parallel.OFF)
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    assert parallel.prerender(jobs(parallel.MIN_PAGES)) == {}


def test_a_process_with_another_thread_is_never_forked(cores):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert parallel.prerender(jobs(parallel.MIN_PAGES)) == {}
    finally:
        stop.set()
        other.join()


def test_the_site_is_the_same_built_in_order_without_the_template_cache_or_shared_parts(
    real_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv(parallel.OFF, "1")
    monkeypatch.setenv("FAR_NO_TEMPLATE_CACHE", "1")
    monkeypatch.setenv(shared_parts.OFF, "1")
    in_order = mkdocs_build(tmp_path / "site", "1")
    files = sorted(p.relative_to(real_site).as_posix() for p in real_site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(in_order).as_posix() for p in in_order.rglob("*") if p.is_file())
    assert len([f for f in files if f.startswith("councils/") and f.endswith("index.html")]) >= parallel.MIN_PAGES
    assert [f for f in files if (real_site / f).read_bytes() != (in_order / f).read_bytes()] == []
