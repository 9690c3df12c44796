"""Every page in a real browser: accessible, offline, usable on a phone and with a keyboard."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser_checks import FOCUSED, OVERFLOW, PHONE, describe_focus, focus_is_visible, wait_for_search
from playwright.sync_api import Page, expect

from site_builder.authorities import build_register
from site_builder.records import read_document

if TYPE_CHECKING:
    from conftest import RequestLog

ROOT = Path(__file__).resolve().parents[2]
MAX_TABS = 60  # header, tabs and sidebar come first; 60 presses is far more than they need


def recorded_council(slug: str) -> pytest.MarkDecorator:
    """Skip a council's page until the council is in the register (the dataset and content/councils.yaml)."""
    doc, _ = read_document(ROOT / "content" / "councils.yaml")
    slugs = set(build_register(doc).entries) if doc is not None else set()
    return pytest.mark.skipif(slug not in slugs, reason=f"{slug} is not in content/councils.yaml yet")


# One row a page type: every test below runs on each.
PAGES = [
    pytest.param("/", id="home"),
    pytest.param("/councils/", id="councils"),
    pytest.param("/councils/westminster/", id="westminster"),
    pytest.param("/councils/thurrock/", id="thurrock", marks=recorded_council("thurrock")),
    pytest.param("/councils/rutland/", id="no-request"),
    pytest.param("/councils/ashford/", id="district"),
    # A reply, a revised reply, its attachments and public reports, with the story over time.
    pytest.param("/councils/bristol/", id="bristol", marks=recorded_council("bristol")),
    pytest.param("/councils/hackney/", id="hackney", marks=recorded_council("hackney")),
    pytest.param("/systems/", id="systems"),
    pytest.param("/systems/early-help-profiling-system/", id="system"),
    pytest.param("/compare/", id="compare"),
    pytest.param("/compare/gillies-2021/q1/", id="compare-question"),
    pytest.param("/coverage/", id="coverage"),
    pytest.param("/suppliers/", id="suppliers"),
    pytest.param("/suppliers/power-bi/", id="supplier"),
    pytest.param("/exemptions/", id="exemptions"),
    pytest.param("/data/", id="data"),
    pytest.param("/search/?q=westminster", id="search-results"),
    pytest.param("/search/", id="search-no-query"),
    pytest.param("/search/?q=Thurock", id="search-zero-results"),
    pytest.param("/search/?q=analytics", id="search-broad"),
    # Many results and filters in the address: the "show more" button and the open filter panel.
    pytest.param("/search/?q=council&nation=England", id="search-filtered"),
    pytest.param("/about/", id="about"),
    pytest.param("/methodology/", id="methodology"),
    pytest.param("/contribute/", id="contribute"),
    pytest.param("/accessibility/", id="accessibility"),
    pytest.param("/404.html", id="not-found"),
]

# MkDocs writes the not-found page's links from site_url (/register/...), because the host serves
# it at whatever address was mistyped; it is only right where the site is published.
PUBLISHED_ONLY = {"/404.html"}


# How many elements in the page's content Tab can stop at.
TABBABLE_IN_CONTENT = """() => [...document.querySelectorAll(
    ".md-content :is(a[href], button, input, select, textarea, summary, [tabindex])")]
  .filter((el) => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== "hidden").length"""


def ready(page: Page, path: str) -> None:
    """Wait for what a page builds after loading: search results come from Pagefind."""
    if path.startswith("/search/"):
        status = wait_for_search(page)
        if re.match(r"^[1-9]", status):
            expect(page.locator("ol[data-far-search-results] li a").first).to_be_visible()


@dataclass
class Visit:
    """One page, opened once for all the checks below, which only read it (focus aside, last)."""

    path: str
    page: Page
    requests: RequestLog
    failed: list[str] = field(default_factory=list)


@pytest.fixture(scope="module", params=PAGES)
def visit(request: pytest.FixtureRequest, new_shared_page, site_url: str) -> Iterator[Visit]:
    """The page at the desktop width, loaded until the network is idle and ready to check."""
    path = request.param
    base_url = request.getfixturevalue("subpath_url") if path in PUBLISHED_ONLY else site_url
    page, log = new_shared_page(base_url)
    found = Visit(path, page, log)
    page.on("response", lambda r: found.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on(
        "requestfailed",
        lambda r: None if r.url in log.external() else found.failed.append(f"{r.failure} {r.url}"),
    )
    page.goto(path.lstrip("/"), wait_until="networkidle")
    ready(page, path)
    yield found
    page.context.close()


def test_no_wcag_violations(visit: Visit, check_axe):
    violations = check_axe(visit.page)
    assert not violations, f"WCAG 2.2 A/AA violations on {visit.path}:\n{violations}"


# The phone width the register is checked at (an iPhone 12 to 15 is 390 px wide).
NARROW = {"width": 390, "height": 844}


def test_no_wcag_violations_on_a_phone(visit: Visit, check_axe):
    page = visit.page
    desktop = page.viewport_size
    page.set_viewport_size(NARROW)
    try:
        violations = check_axe(page)
    finally:
        page.set_viewport_size(desktop)
    assert not violations, f"WCAG 2.2 A/AA violations on {visit.path} at 390 px:\n{violations}"


# Regions that scroll sideways and that the keyboard cannot reach: neither the region nor anything
# in it takes the focus, or the region has no name for a screen reader to announce.
UNREACHABLE_SCROLLERS = """() => [...document.querySelectorAll(".md-content *")]
  .filter((el) => el.scrollWidth > el.clientWidth + 1 && el.getClientRects().length > 0
    && ["auto", "scroll"].includes(getComputedStyle(el).overflowX))
  .filter((el) => !(el.tabIndex >= 0 && el.getAttribute("role") === "region" && el.getAttribute("aria-label"))
    && !el.closest("[tabindex='0'][role=region][aria-label]"))
  .map((el) => el.outerHTML.slice(0, 120))"""


def test_every_scrolling_region_is_reachable_by_keyboard_on_a_phone(visit: Visit):
    page = visit.page
    desktop = page.viewport_size
    page.set_viewport_size(NARROW)
    try:
        found = page.evaluate(UNREACHABLE_SCROLLERS)
    finally:
        page.set_viewport_size(desktop)
    assert not found, f"regions on {visit.path} that scroll but take no focus or have no name:\n" + "\n".join(found)


# Elements with the `hidden` attribute that still take up room on the page: a style that sets
# `display` on them (the theme's buttons, panels) overrides the attribute unless it is forced.
HIDDEN_SHOWN = """() => [...document.querySelectorAll("[hidden]")]
  .filter((el) => getComputedStyle(el).display !== "none")
  .map((el) => el.outerHTML.slice(0, 120))"""


def test_no_hidden_element_is_displayed(visit: Visit):
    shown = visit.page.evaluate(HIDDEN_SHOWN)
    assert not shown, f"elements marked hidden but displayed on {visit.path}:\n" + "\n".join(shown)


def test_asks_no_host_but_this_one(visit: Visit):
    assert visit.requests, "no request was recorded, so the check below would prove nothing"
    external = "\n".join(visit.requests.external())
    assert not external, f"{visit.path} asked for other hosts (refused here, fetched on the live site):\n{external}"


def test_every_request_succeeds(visit: Visit):
    failed = "\n".join(visit.failed)
    assert not failed, f"requests from {visit.path} that failed:\n{failed}"


def test_no_sideways_scrolling_on_a_phone(visit: Visit):
    page = visit.page
    desktop = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        found = page.evaluate(OVERFLOW)
    finally:
        page.set_viewport_size(desktop)
    culprits = "\n".join(found["culprits"]) or "(no single element found)"
    assert found["scrollWidth"] <= found["width"], (
        f"{visit.path} is {found['scrollWidth']}px wide on a {found['width']}px phone screen:\n{culprits}"
    )


def test_keyboard_reaches_the_content_with_visible_focus(visit: Visit):
    # Last of the checks on the shared page: it moves the focus. Every stop on the way to the
    # content must show where the focus is; a page whose content takes no focus (nothing to follow
    # yet) must still let Tab go round the whole page.
    page, path = visit.page, visit.path
    in_content = page.evaluate(TABBABLE_IN_CONTENT)
    stops, unseen = [], []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        stop = f"{focused['tag']} {focused['text']!r}" + (f" ({focused['href']})" if focused["href"] else "")
        if stops and stop == stops[0]:
            assert not in_content, f"Tab on {path} goes round the header and never reaches the content: {stops}"
            break
        stops.append(stop)
        if not focus_is_visible(focused):
            unseen.append(f"{stop}: {describe_focus(focused)}")
        if focused["inContent"]:
            break
    else:
        pytest.fail(f"{MAX_TABS} presses of Tab on {path} never reached the content: {stops}")
    assert not unseen, f"no visible focus on {path} at:\n" + "\n".join(unseen)


def test_deep_link_shows_the_answer(page: Page):
    page.goto("/councils/westminster/#gillies-2021-q6")
    answer = page.locator("#gillies-2021-q6")
    expect(answer).to_be_in_viewport()
    expect(answer).to_contain_text("What Works for Children's Social Care")
    # The sticky header must not cover the answer's heading once the browser has scrolled to it.
    heading = page.locator("#gillies-2021-q6-title")
    expect(heading).to_be_in_viewport()
    box = heading.bounding_box()
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.closest('#gillies-2021-q6-title') !== null",
        [box["x"] + 5, box["y"] + box["height"] / 2],
    )
    assert on_top, "the heading of Westminster's answer 6 is hidden under the page header"


def test_council_page_shows_every_answer_and_the_facts(page: Page):
    page.goto("/councils/westminster/")
    facts = page.locator(".far-facts")
    expect(facts).to_be_visible()
    for label in ("Nation", "Type", "ONS code", "Said in an FOI reply that it used or uses predictive analytics or AI"):
        expect(facts).to_contain_text(label)
    request = page.locator("#gillies-2021")
    expect(request.locator(".far-answer")).to_have_count(6)
    expect(request.locator(".far-answer--missing")).to_have_count(0)
    for n in range(1, 7):
        expect(page.locator(f"#gillies-2021-q{n}")).to_be_visible()
    expect(request).to_contain_text("6 of 6 answers transcribed")


@pytest.mark.parametrize("path", ["", "councils/westminster/"], ids=["home", "westminster"])
def test_works_under_the_published_path(subpath_page: Page, requests_made, path: str):
    # GitHub Pages serves the site under /register/: a root-relative link or asset would break there.
    failed = []
    subpath_page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    subpath_page.goto(path, wait_until="networkidle")
    expect(subpath_page.locator(".md-header")).to_be_visible()
    assert not failed, "requests that failed under the published path:\n" + "\n".join(failed)
    assert not requests_made.external()
