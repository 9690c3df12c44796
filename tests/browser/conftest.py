"""Browser tests: the real site, built once, served on 127.0.0.1 and opened in Debian's Chromium.

Chromium is $FAR_CHROMIUM when that is set, otherwise `chromium` on PATH or /usr/bin/chromium.
Without it, or without Playwright, every test here is skipped, except in CI (CI=true), where that
is a failure: a CI run that skipped the browser tests would pass while checking nothing.

Pages may only reach 127.0.0.1. Every request is recorded and any other host is refused, so the
tests never touch the network and can say which page asked for what.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

try:
    from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
except ImportError:  # reported by the chromium fixture: a skip, or a failure in CI
    sync_playwright = None

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
AXE = HERE / "vendor" / "axe.min.js"
LOCAL_HOST = "127.0.0.1"
# Quiet, offline and the same on every machine: no sync, updates, QUIC probes or first-run pages.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TIMEOUT_MS = 10_000  # a local page that takes longer than this is broken, not slow
AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    help_url: v.helpUrl,
    nodes: v.nodes.map((n) => [n.target.flat(Infinity).join(" "), n.failureSummary || ""]),
  }));
}"""


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects, so `-m "not browser"` leaves these out
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


def find_chromium() -> str | None:
    configured = os.environ.get("FAR_CHROMIUM")
    candidates = [configured] if configured else [shutil.which("chromium"), "/usr/bin/chromium"]
    return next((c for c in candidates if c and os.path.isfile(c) and os.access(c, os.X_OK)), None)


@pytest.fixture(scope="session", autouse=True)
def chromium() -> str:
    """The browser executable; skips the folder without one, or fails it in CI."""
    path = find_chromium()
    problem = None
    if sync_playwright is None:
        problem = "Playwright is not installed; run: python -m pip install -e '.[test]'"
    elif path is None:
        where = os.environ.get("FAR_CHROMIUM") or "`chromium` on PATH or /usr/bin/chromium"
        problem = f"no Chromium at {where}; install it: apt-get install chromium chromium-driver"
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run in CI: {problem}", pytrace=False)
        pytest.skip(problem)
    return path


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    base_path: str
    """The path site_url publishes the site under, e.g. "/register/"."""


@pytest.fixture(scope="session")
def built_site(real_site: Path) -> BuiltSite:
    """The real site from mkdocs.yml and content/, built once per session, as `mkdocs build` does."""
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8")).get("site_url")
    base_path = urlsplit(site_url or "").path.rstrip("/") + "/"
    # Published at the root, the site is still tried under a sub-path, where links that start
    # with "/" break.
    return BuiltSite(root=real_site, base_path=base_path if base_path != "/" else "/register/")


class StaticFiles(SimpleHTTPRequestHandler):
    """The built site, served only under `prefix` as GitHub Pages serves a project site."""

    def __init__(self, *args: Any, prefix: str, **kwargs: Any) -> None:
        self.prefix = prefix  # set first: the base class handles the request inside __init__
        super().__init__(*args, **kwargs)

    def send_head(self) -> Any:
        if not self.path.startswith(self.prefix):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(root: Path, prefix: str) -> Iterator[str]:
    """Serve `root` at http://127.0.0.1:<free port><prefix> from a background thread."""
    handler = functools.partial(StaticFiles, directory=str(root), prefix=prefix)
    server = ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"site on {prefix}", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    """The built site at the root of a local server: http://127.0.0.1:<port>/."""
    with serve(built_site.root, "/") as url:
        yield url


@pytest.fixture(scope="session")
def subpath_url(built_site: BuiltSite) -> Iterator[str]:
    """The same build under the path it is published at: http://127.0.0.1:<port>/register/."""
    with serve(built_site.root, built_site.base_path) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium: str, built_site: BuiltSite) -> Iterator[Browser]:
    """Chromium, launched once a test file; each test gets a fresh context from `new_page`."""
    # While it runs, Playwright's sync API keeps an asyncio loop running on this thread, and the
    # site build's search indexing (Pagefind) calls asyncio.run(), which refuses to start then.
    # So the site is built before the browser starts, and the browser is closed at the end of
    # each file rather than the session, before the other test files build their own sites.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def is_external(url: str) -> bool:
    """Whether a request would leave the local test server (data: and blob: URLs never do)."""
    parts = urlsplit(url)
    return parts.scheme not in ("data", "blob", "about") and parts.hostname != LOCAL_HOST


class RequestLog(list[str]):
    """Every URL the test's pages asked for, including those that were refused."""

    def external(self) -> list[str]:
        return [url for url in self if is_external(url)]


@pytest.fixture
def requests_made() -> RequestLog:
    return RequestLog()


def open_context(browser: Browser, base_url: str, log: RequestLog, **options: Any) -> BrowserContext:
    """A fresh context whose relative URLs resolve against `base_url`, recording every request
    in `log` and refusing other hosts. Extra keyword arguments go to `browser.new_context`."""
    context = browser.new_context(base_url=base_url, **options)
    context.set_default_timeout(TIMEOUT_MS)
    context.on("request", lambda request: log.append(request.url))
    context.route(is_external, lambda route: route.abort("blockedbyclient"))
    return context


@pytest.fixture
def new_page(browser: Browser, requests_made: RequestLog) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh context whose relative URLs resolve against `base_url`.

    Extra keyword arguments go to `browser.new_context` (a viewport, a colour scheme...).
    """
    contexts = []

    def open_page(base_url: str, **options: Any) -> Page:
        context = open_context(browser, base_url, requests_made, **options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def new_shared_page(browser: Browser) -> Iterator[Callable[..., tuple[Page, RequestLog]]]:
    """Like `new_page`, for one page that several tests of a file read in turn (a module-scoped
    fixture): returns the page and its own record of requests. Close `page.context` when done;
    whatever is left open closes at the end of the file."""
    contexts = []

    def open_page(base_url: str, **options: Any) -> tuple[Page, RequestLog]:
        log = RequestLog()
        context = open_context(browser, base_url, log, **options)
        contexts.append(context)
        return context.new_page(), log

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page], site_url: str) -> Page:
    """A page on the site served at the root; `page.goto("/councils/")` opens that page."""
    return new_page(site_url)


@pytest.fixture
def subpath_page(new_page: Callable[..., Page], subpath_url: str) -> Page:
    """A page on the site served under its published path; go to relative URLs ("councils/")."""
    return new_page(subpath_url)


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str | None
    help: str
    help_url: str
    nodes: tuple[tuple[str, str], ...]
    """(target selector, axe's failure summary) for each element that fails the rule."""

    def __str__(self) -> str:
        lines = [f"{self.rule} ({self.impact}): {self.help} <{self.help_url.split('?')[0]}>"]
        said = None
        for target, summary in self.nodes:
            lines.append(f"  - {target}")
            # axe repeats one explanation for every element alike: say it once per run of them.
            reasons = [line.strip() for line in summary.splitlines() if line.strip()[:4] not in ("", "Fix ")]
            if reasons != said:
                lines.extend(f"      {reason}" for reason in reasons)
                said = reasons
        return "\n".join(lines)


class Violations(list[Violation]):
    def __str__(self) -> str:
        return "\n".join(map(str, self))

    def __repr__(self) -> str:  # keeps pytest's `assert not ...` line short; str() has the detail
        return f"<{len(self)} axe rule(s) failed: {', '.join(v.rule for v in self)}>"


def run_axe(page: Page) -> Violations:
    """axe-core's WCAG 2.0-2.2 A and AA violations on the page as it stands."""
    page.add_script_tag(path=AXE)
    found = page.evaluate(AXE_RUN, WCAG_TAGS)
    return Violations(
        Violation(v["rule"], v["impact"], v["help"], v["help_url"], tuple(map(tuple, v["nodes"]))) for v in found
    )


@pytest.fixture
def check_axe() -> Callable[[Page], Violations]:
    """`check_axe(page)`: the page's WCAG 2.2 A/AA violations; `str()` of them names rule and elements."""
    return run_axe
