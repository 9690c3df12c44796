"""What a reader's browser downloads: a council page's first view, and a first search query.

A council page's first view is measured twice: statically (below), and as Chromium loads it
(`browser_page_weight`): every request the browser makes until the network is idle, the
favicon, Material's own fetches (such as `sitemap.xml`) and anything a script asks for included,
each body counted as it would travel gzipped (Pagefind's and other already-gzipped files as they are).

Counting rules (gzip level 6, as a typical web server sends text):

- Page first view: the HTML, plus every `<link rel="stylesheet" href>` and `<script src>` it names
  that lives in the site, each gzipped separately. Images (the favicon) are not counted.
- First search query: the search page is opened in headless Chromium with `?q=WORD`, and every
  request under `pagefind/` (and `pagefind-text/`, the text of answers, which a search fetches
  when the main index finds nothing) until the results are shown is counted: pagefind.js, its worker, the
  entry file, the language meta file, the WebAssembly, the filter files, the index chunks the query
  needs and the fragments of the results the page displays. Pagefind's own files are already
  gzipped and are counted as they are; other text is gzipped. The search page's own HTML, CSS and
  JS are not counted (they are the page weight). Without `site/pagefind/` this is "n/a".
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

GZIP_LEVEL = 6
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def wire_bytes(body: bytes) -> int:
    """Bytes on the wire: as they are when already gzipped, else gzipped."""
    return len(body) if body[:2] == b"\x1f\x8b" else len(gzip.compress(body, GZIP_LEVEL))


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.found.append(("css", a["href"] or ""))
        elif tag == "script" and a.get("src"):
            self.found.append(("js", a["src"] or ""))


def page_weight(site: Path, page: Path) -> dict[str, Any]:
    """Gzipped bytes of one built page with its stylesheets and scripts."""
    html = page.read_bytes()
    items = [
        {
            "kind": "html",
            "path": page.relative_to(site).as_posix(),
            "raw": len(html),
            "gzip": wire_bytes(html),
        }
    ]
    parser = _Assets()
    parser.feed(html.decode("utf-8"))
    external = []
    for kind, ref in parser.found:
        parts = urlsplit(ref)
        if parts.scheme or parts.netloc:
            external.append(ref)
            continue
        target = (page.parent / parts.path).resolve()
        if target.is_file():
            body = target.read_bytes()
            items.append(
                {
                    "kind": kind,
                    "path": target.relative_to(site.resolve()).as_posix(),
                    "raw": len(body),
                    "gzip": wire_bytes(body),
                }
            )
    return {
        "page": items[0]["path"],
        "gzip_total": sum(i["gzip"] for i in items),
        "raw_total": sum(i["raw"] for i in items),
        "items": items,
        "external": external,
    }


def council_pages(site: Path) -> dict[str, Path]:
    """The typical (median-sized) and the largest council page of a built site."""
    pages = sorted((p for p in (site / "councils").glob("*/index.html")), key=lambda p: p.stat().st_size)
    if not pages:
        return {}
    return {"median": pages[len(pages) // 2], "largest": pages[-1]}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


def _browser_missing() -> str | None:
    """Why Chromium cannot be driven here, or None when it can."""
    try:
        import playwright.sync_api  # noqa: F401 - only whether it is installed
    except ImportError:
        return "playwright is not installed"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    return None


@contextmanager
def _chromium_on(site: Path) -> Iterator[tuple[str, Any]]:
    """The built `site` served on 127.0.0.1 and Debian's Chromium: (the site's origin, the browser)."""
    from playwright.sync_api import sync_playwright

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield f"http://127.0.0.1:{server.server_address[1]}", browser
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()


def search_weight(site: Path, query: str, timeout_s: float = 60) -> dict[str, Any] | None:
    """Bytes fetched under pagefind/ for a first query; None when the site has no search index."""
    try:
        return _search_weight(site, query, timeout_s)
    except Exception as exc:  # noqa: BLE001 - a failed measurement is reported, the run goes on
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"}


def _search_weight(site: Path, query: str, timeout_s: float) -> dict[str, Any] | None:
    if not (site / "pagefind").is_dir():
        return None  # n/a: the site has no Pagefind index (yet)
    search_page = site / "search" / "index.html"
    if not search_page.is_file():
        return {"error": "site/pagefind/ exists but there is no search/index.html page to query from"}
    if (missing := _browser_missing()) is not None:
        return {"error": missing}
    fetched: list[Any] = []
    with _chromium_on(site) as (origin, browser):
        page = browser.new_page()
        page.on("requestfinished", lambda request: fetched.append(request))
        page.goto(f"{origin}/search/?q={quote(query)}")
        status = _wait_for_results(page, timeout_s)
        items = []
        for request in fetched:
            path = urlsplit(request.url).path
            response = request.response()
            if not path.startswith(("/pagefind/", "/pagefind-text/")) or response is None:
                continue
            body = response.body()
            item = {"path": path, "raw": len(body), "gzip": wire_bytes(body)}
            if "/fragment/" in path:
                item["page"] = fragment_page(body)
            items.append(item)
    by_kind: dict[str, int] = {}
    for item in items:
        kind = _kind(item["path"])
        by_kind[kind] = by_kind.get(kind, 0) + item["gzip"]
    return {
        "query": query,
        "status": status.strip(),
        "gzip_total": sum(i["gzip"] for i in items),
        "requests": len(items),
        "by_kind": by_kind,
        "items": items,
    }


def browser_page_weight(site: Path, page: Path, timeout_s: float = 60) -> dict[str, Any]:
    """Every request headless Chromium makes for a first view of `page` (until the network is
    idle), each body counted as it would travel gzipped; an error instead when it cannot run."""
    try:
        return _browser_page_weight(site, page, timeout_s)
    except Exception as exc:  # noqa: BLE001 - a failed measurement is reported, the run goes on
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"}


def _browser_page_weight(site: Path, page: Path, timeout_s: float) -> dict[str, Any]:
    if (missing := _browser_missing()) is not None:
        return {"error": missing}
    fetched: list[Any] = []
    failed: list[str] = []
    items: list[dict[str, Any]] = []
    path = "/" + page.relative_to(site).as_posix().removesuffix("index.html")
    with _chromium_on(site) as (origin, browser):
        view = browser.new_page()
        view.on("requestfinished", lambda request: fetched.append(request))
        view.on("requestfailed", lambda request: failed.append(request.url))
        view.goto(origin + path, wait_until="networkidle", timeout=timeout_s * 1000)
        for request in fetched:
            response = request.response()
            body = response.body() if response is not None else b""
            url = request.url
            items.append(
                {
                    "path": urlsplit(url).path if url.startswith(origin) else url,
                    "kind": request.resource_type,
                    "status": response.status if response is not None else None,
                    "raw": len(body),
                    "gzip": wire_bytes(body) if body else 0,
                }
            )
    return {
        "page": page.relative_to(site).as_posix(),
        "gzip_total": sum(i["gzip"] for i in items),
        "raw_total": sum(i["raw"] for i in items),
        "requests": len(items),
        "items": items,
        "failed": failed,
        "third_party": [i["path"] for i in items if not i["path"].startswith("/")],
    }


def fragment_page(body: bytes) -> str | None:
    """The page a Pagefind fragment is the text of (fragments are gzipped `pagefind_dcd` + JSON)."""
    try:
        data = gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body
        return json.loads(data.removeprefix(b"pagefind_dcd")).get("url")
    except (OSError, ValueError, AttributeError):
        return None


def _wait_for_results(page: Any, timeout_s: float) -> str:
    """Wait until the search page reports its results; else until the network is quiet."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        page.wait_for_function(
            "(() => { const s = document.querySelector('[data-far-search-status]');"
            " const t = document.querySelector('.far-text-results [role=status]');"
            " return s && /result|not available/.test(s.textContent)"
            " && !(t && t.offsetParent && /^Searching/.test(t.textContent)); })()",
            timeout=timeout_s * 1000,
        )
        return page.eval_on_selector("[data-far-search-status]", "e => e.textContent")
    except PlaywrightError:
        page.wait_for_load_state("networkidle", timeout=timeout_s * 1000)
        return "(no result status found; counted until the network was idle)"


def _kind(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    for marker, kind in (("/fragment/", "fragments"), ("/index/", "index chunks"), ("/filter/", "filters")):
        if marker in path:
            return kind
    if name.endswith(".pagefind"):
        return "wasm"
    if name.endswith((".pf_meta", ".json")):
        return "entry+meta"
    return "scripts"
