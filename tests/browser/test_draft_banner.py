"""The preview of a draft record: a visible, accessible Draft banner on its council's page and a
note on the others, with no WCAG 2.2 AA violation and nothing wider than the screen, at 1280 px
and on a phone. The register is a copy of the real one (its theme and styles) in a temporary
folder, with one record replaced by a draft of a made-up reply."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest
from browser_checks import OVERFLOW, PHONE
from conftest import serve
from factories import REPO, build_preview
from playwright.sync_api import Page, expect

REPLY = "Our ref: TEST-0001\n\nDate: 2 May 2021\n\n1) Has the council used any data analytics?\n\nNo.\n"


@pytest.fixture(scope="module")
def draft_preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The register with one draft, built as `mkdocs serve` builds it, served locally."""
    base = tmp_path_factory.mktemp("draft-preview")
    for name in ("docs", "theme", "content"):
        shutil.copytree(REPO / name, base / name)
    shutil.copy(REPO / "mkdocs.yml", base / "mkdocs.yml")
    (base / "reply.txt").write_text(REPLY, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "site_builder", "draft", "westminster", "gillies-2021", "reply.txt", "--force"],
        cwd=base, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    build_preview(base / "mkdocs.yml", base / "site")
    with serve(base / "site", "/") as url:
        yield url


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE], ids=["1280px", "phone"])
def test_a_draft_shows_under_an_accessible_draft_banner(
    draft_preview: str, new_page: Callable[..., Page], check_axe: Callable, viewport: dict
) -> None:
    page = new_page(draft_preview, viewport=viewport)
    page.goto(draft_preview + "councils/westminster/")
    banner = page.locator("#far-draft")
    expect(banner).to_be_visible()
    expect(page.get_by_role("note", name="Draft")).to_contain_text("suggestion(s) still to confirm")
    found = page.evaluate(OVERFLOW)
    assert found["scrollWidth"] <= found["width"], found["culprits"]
    violations = check_axe(page)
    assert not violations, str(violations)
    page.goto(draft_preview + "councils/camden/")
    expect(page.locator("#far-draft")).to_contain_text("1 draft record(s)")
