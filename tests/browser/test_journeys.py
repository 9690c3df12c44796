"""What a reader does on the site, start to finish, in a real browser: search, filter, sort,
follow a result, read without JavaScript, use only the keyboard, and all of it under /register/.

Expected numbers come from content/, not from the pages, so a page that drops rows or answers
cannot agree with itself and pass.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from browser_checks import FOCUSED, describe_focus, focus_is_visible, wait_for_search
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from conftest import BuiltSite, RequestLog

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
BATCH = "gillies-2021"
COMPARE = f"/compare/{BATCH}/q1/"
# A table with many transcribed rows, to sort.
SORTABLE = "/compare/datajusticelab-2018-direct/q1/"
RESULT_LINKS = "ol[data-far-search-results] li a"
ROW_SLUG = re.compile(r"/councils/([^/]+)/")
MAX_TABS = 150  # header, tabs, sidebar, intro links, then the filters and the table's head


@functools.cache
def responses() -> tuple[dict[str, Any], ...]:
    """Every response record in content/responses/."""
    files = sorted((CONTENT / "responses").glob("*/*.yaml"))
    return tuple(yaml.safe_load(path.read_text(encoding="utf-8")) for path in files)


@functools.cache
def question_count(batch: str) -> int:
    record = yaml.safe_load((CONTENT / "batches" / f"{batch}.yaml").read_text(encoding="utf-8"))
    return len(record["questions"])


def batch_councils(batch: str, status: str | None = None) -> list[str]:
    """The slugs of the authorities asked in `batch` (with that request status, if given)."""
    return sorted(r["council"] for r in responses() if r["batch"] == batch and status in (None, r["status"]))


def count_text(shown: int, total: int) -> str:
    """The compare table's count: it names authorities, as untranscribed ones share one row."""
    return f"Showing {shown} of {total} {'authority' if total == 1 else 'authorities'}"


def visible_row_slugs(page: Page) -> list[str]:
    """The council of each row of the compare table that is on screen, in order."""
    hrefs = page.locator("#compare-table tbody tr:visible td:first-child a:visible").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href'))"
    )
    return [ROW_SLUG.search(href)[1] for href in hrefs]


def column_texts(page: Page, index: int) -> list[str]:
    return page.locator(f"#compare-table tbody tr td:nth-child({index + 1})").all_inner_texts()


IN_ORDER = """([texts, dir]) => texts.every((t, i) => i === 0
  || (dir === "ascending" ? texts[i - 1].localeCompare(t) <= 0 : texts[i - 1].localeCompare(t) >= 0))"""


def record_failures(page: Page, failed: list[str], deliberate: tuple[str, ...] = ()) -> None:
    """Collect every response of 400 or more and every request that never got one, but those asked for."""

    def response(r: Any) -> None:
        if r.status >= 400 and r.url not in deliberate:
            failed.append(f"{r.status} {r.url}")

    def request_failed(r: Any) -> None:
        # A navigation cancels the requests the page it leaves still had in flight (a search
        # fragment, a font of the old page): Chromium reports those as aborted. They say nothing
        # about the site; a missing file is a 404 response above, a refused one a network error.
        if r.failure != "net::ERR_ABORTED":
            failed.append(f"{r.failure} {r.url}")

    page.on("response", response)
    page.on("requestfailed", request_failed)


# Search


def test_header_search_finds_the_council_and_opens_its_page(page: Page):
    page.goto("/")
    page.locator("#far-header-q").fill("Westminster")
    page.locator("#far-header-q").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=Westminster$"))
    status = wait_for_search(page)
    assert status.startswith(tuple(f"{n} " for n in range(1, 1000))), f"no results for Westminster: {status!r}"
    expect(page.locator("#far-q")).to_have_value("Westminster")
    first = page.locator(RESULT_LINKS).first
    expect(first).to_have_text("Westminster City Council")
    first.click()
    expect(page).to_have_url(re.compile(r"/councils/westminster/$"))
    expect(page.locator("h1")).to_contain_text("Westminster City Council")


def test_a_supplier_search_finds_the_councils_that_name_it(page: Page):
    # Westminster's reply names Power BI dashboards; the search page's own box is used here.
    page.goto("/search/")
    expect(page.locator("[data-far-search-status]")).to_have_text(re.compile("^Type a word"))
    page.locator("#far-q").fill("Power BI")
    page.locator("#far-q").press("Enter")
    wait_for_search(page)
    expect(page).to_have_url(re.compile(r"/search/\?q=Power\+BI$"))
    westminster = page.locator(RESULT_LINKS, has_text="Westminster City Council")
    expect(westminster).to_have_count(1)
    expect(westminster).to_have_attribute("href", re.compile(r"/councils/westminster/$"))


def result_count(status: str) -> int:
    found = re.match(r"(\d+) results? ", status)
    assert found, f"the search status does not say how many results: {status!r}"
    return int(found[1])


def test_a_search_filter_narrows_the_results_and_goes_in_the_address(page: Page):
    page.goto("/search/?q=council")
    before = wait_for_search(page)
    page.locator("[data-far-filters-panel] summary").click()
    nation = page.locator("fieldset.far-search__filters select[name=nation]")
    expect(nation).to_have_value("")
    nation.select_option("Scotland")
    status = page.locator("[data-far-search-status]")
    expect(status).not_to_have_text(before)
    after = wait_for_search(page)
    assert 0 < result_count(after) < result_count(before), f"Scotland did not narrow {before!r}: {after!r}"
    expect(page).to_have_url(re.compile(r"/search/\?q=council&nation=Scotland$"))
    links = page.locator(RESULT_LINKS)
    expect(links).to_have_count(min(result_count(after), 10))
    # Back to all nations: the first search again, and the filter leaves the address.
    nation.select_option("")
    expect(status).to_have_text(before)
    expect(page).to_have_url(re.compile(r"/search/\?q=council$"))


def test_a_search_address_restores_the_query_and_the_filters(page: Page):
    page.goto("/search/?q=thurrock&nation=England")
    status = wait_for_search(page)
    assert "for “thurrock”" in status, status
    expect(page.locator("#far-q")).to_have_value("thurrock")
    expect(page.locator("fieldset.far-search__filters select[name=nation]")).to_have_value("England")
    expect(page.locator(RESULT_LINKS, has_text="Thurrock Council")).to_have_attribute(
        "href", re.compile(r"/councils/thurrock/$")
    )
    expect(page).to_have_url(re.compile(r"/search/\?q=thurrock&nation=England$"))


# Compare


def test_compare_filter_shows_only_matching_rows_and_goes_in_the_address(page: Page):
    everyone = batch_councils(BATCH)
    refused = batch_councils(BATCH, "refused")
    assert 0 < len(refused) < len(everyone), "the content no longer has refusals to filter on"
    page.goto(COMPARE)
    count = page.locator("p.far-count")
    expect(count).to_have_text(count_text(len(everyone), len(everyone)))
    assert sorted(visible_row_slugs(page)) == everyone

    page.locator("form.far-filters select[name=status]").select_option("refused")
    expect(count).to_have_text(count_text(len(refused), len(everyone)))
    assert sorted(visible_row_slugs(page)) == refused
    expect(page).to_have_url(re.compile(r"\?status=refused$"))

    # The address alone brings the same view back.
    page.goto(f"{COMPARE}?status=refused")
    expect(page.locator("form.far-filters select[name=status]")).to_have_value("refused")
    expect(count).to_have_text(count_text(len(refused), len(everyone)))
    assert sorted(visible_row_slugs(page)) == refused

    page.get_by_role("button", name="Show all").click()
    expect(count).to_have_text(count_text(len(everyone), len(everyone)))
    expect(page).to_have_url(re.compile(r"/q1/$"))


def test_compare_sort_buttons_reorder_rows_and_say_so(page: Page):
    page.goto(SORTABLE)
    headers = page.locator("#compare-table thead th")
    names = [n.strip() for n in headers.all_inner_texts()]
    status_column = next(i for i, n in enumerate(names) if n.startswith("Status"))
    status_header = headers.nth(status_column)
    before = visible_row_slugs(page)
    expect(status_header).not_to_have_attribute("aria-sort", re.compile(".*"))

    status_header.get_by_role("button").click()
    expect(status_header).to_have_attribute("aria-sort", "ascending")
    ascending = visible_row_slugs(page)
    assert ascending != before, "sorting by status left the rows in the same order"
    assert sorted(ascending) == sorted(before), "sorting lost or added rows"
    assert page.evaluate(IN_ORDER, [column_texts(page, status_column), "ascending"])
    expect(page).to_have_url(re.compile(rf"\?sort={status_column}$"))

    status_header.get_by_role("button").click()
    expect(status_header).to_have_attribute("aria-sort", "descending")
    assert page.evaluate(IN_ORDER, [column_texts(page, status_column), "descending"])
    expect(page).to_have_url(re.compile(rf"\?sort={status_column}-desc$"))
    # Only the sorted column says it is sorted.
    expect(page.locator("#compare-table thead th[aria-sort]")).to_have_count(1)


# Without JavaScript


@pytest.fixture
def page_without_js(new_page: Callable[..., Page], site_url: str) -> Page:
    return new_page(site_url, java_script_enabled=False)


def test_without_javascript_the_compare_table_is_complete(page_without_js: Page):
    page = page_without_js
    page.goto(COMPARE)
    # A row for each transcribed answer, and one naming every authority whose answer is not.
    transcribed = [r for r in responses() if r["batch"] == BATCH and "q1" in (r.get("answers") or {})]
    expect(page.locator("#compare-table tbody:not([data-far-folded]) tr")).to_have_count(len(transcribed))
    expect(page.locator("#compare-table tbody[data-far-folded] tr")).to_have_count(1)
    assert sorted(visible_row_slugs(page)) == batch_councils(BATCH), "some authorities are hidden without JavaScript"
    # No half-built controls: the filters and the count are JavaScript's to add.
    expect(page.locator("form.far-filters")).to_have_count(0)
    expect(page.locator("p.far-count")).to_have_count(0)


def test_without_javascript_a_council_page_shows_every_answer(page_without_js: Page):
    page = page_without_js
    council = "thurrock"
    records = [r for r in responses() if r["council"] == council]
    if not records:
        pytest.skip(f"{council} has no responses in content/ yet")
    questions = sum(question_count(r["batch"]) for r in records)
    transcribed = sum(len(r.get("answers") or {}) for r in records)
    page.goto(f"/councils/{council}/")
    answers = page.locator(".far-answer, .far-answer--missing")  # untranscribed ones share a line
    expect(answers).to_have_count(questions)
    expect(page.locator(".far-answer:not(.far-answer--missing)")).to_have_count(transcribed)
    hidden = [i for i in range(questions) if not answers.nth(i).is_visible()]
    assert not hidden, f"answers {hidden} on the {council} page are hidden without JavaScript"


# Keyboard


def test_keyboard_reaches_every_compare_control_with_visible_focus(page: Page):
    page.goto(COMPARE)
    wanted = page.evaluate(
        """() => [...document.querySelectorAll("form.far-filters select, #compare-table thead button")]
          .map((el) => el.tagName === "SELECT" ? "select#" + el.id : "button " + el.textContent.trim())"""
    )
    assert len(wanted) > 2, f"the compare table has no filters or sort buttons: {wanted}"
    remaining, unseen, stops = set(wanted), [], []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        stop = f"select#{focused['id']}" if focused["tag"] == "select" else f"{focused['tag']} {focused['text']}"
        stops.append(stop)
        if stop in remaining:
            remaining.discard(stop)
            if not focus_is_visible(focused):
                unseen.append(f"{stop}: {describe_focus(focused)}")
        if not remaining:
            break
    assert not remaining, f"{MAX_TABS} presses of Tab on {COMPARE} never reached {sorted(remaining)}; went {stops}"
    assert not unseen, f"no visible focus on {COMPARE} at:\n" + "\n".join(unseen)


# Under the published path


def test_the_site_works_under_its_published_path(subpath_page: Page, subpath_url: str, requests_made: RequestLog):
    # GitHub Pages serves the site under /register/: every link, asset, download, the feed and the
    # search index must be found there.
    page = subpath_page
    failed: list[str] = []
    record_failures(page, failed)
    page.goto("", wait_until="networkidle")
    expect(page.locator(".md-header")).to_be_visible()
    styles = page.evaluate("() => [...document.styleSheets].map((s) => s.href).filter(Boolean)")
    assert f"{subpath_url}assets/far.css" in styles, styles
    feed = page.locator('link[rel=alternate][type="application/atom+xml"]')
    feed_url = feed.evaluate("(link) => link.href")
    assert feed_url == f"{subpath_url}feed.xml"
    got = page.request.get(feed_url)
    assert got.ok and "<feed" in got.text(), f"{feed_url}: {got.status}"

    # A council page, with the site's own stylesheet applied and its script run.
    page.goto("councils/westminster/", wait_until="networkidle")
    expect(page.locator("h1")).to_contain_text("Westminster City Council")
    expect(page.locator("#gillies-2021 .far-answer")).to_have_count(question_count(BATCH))
    assert f"{subpath_url}assets/far.js" in requests_made
    page.goto(COMPARE.lstrip("/"))
    expect(page.locator("p.far-count")).to_contain_text("Showing")

    # Every download on the data page, responses.csv among them.
    page.goto("data/")
    csv = page.locator(".md-content a[href$='responses.csv']").first
    downloads = page.locator(".md-content a[href]").evaluate_all(
        "(links) => links.map((a) => a.href).filter((h) => /\\.(csv|json|xml)$/.test(h))"
    )
    assert csv.evaluate("(a) => a.href") in downloads
    for url in downloads:
        assert url.startswith(subpath_url), f"the data page links outside the site: {url}"
        got = page.request.get(url)
        assert got.ok, f"{url}: {got.status}"
    table = page.request.get(f"{subpath_url}data/responses.csv").text().splitlines()
    assert "council_slug" in table[0].split(","), table[0]
    assert any(",westminster," in row for row in table[1:]), "responses.csv has no Westminster rows"

    # Search, from the header box of the council page, to the council page again.
    page.goto("councils/westminster/")
    page.locator("#far-header-q").fill("westminster")
    page.locator("#far-header-q").press("Enter")
    expect(page).to_have_url(f"{subpath_url}search/?q=westminster")
    wait_for_search(page)
    hrefs = page.locator(RESULT_LINKS).evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert hrefs, "no results for westminster under the published path"
    outside = [h for h in hrefs if not h.startswith("/register/")]
    assert not outside, f"search results that leave /register/: {outside}"
    page.locator(RESULT_LINKS, has_text="Westminster City Council").click()
    expect(page).to_have_url(f"{subpath_url}councils/westminster/")
    expect(page.locator("h1")).to_contain_text("Westminster City Council")

    assert not failed, "requests that failed under the published path:\n" + "\n".join(failed)
    assert not requests_made.external()


def test_a_mistyped_address_gets_a_working_not_found_page(
    subpath_page: Page, subpath_url: str, built_site: BuiltSite, requests_made: RequestLog
):
    # GitHub Pages answers any missing address with 404.html, at that address: its links and
    # assets must work from any depth.
    page = subpath_page
    missing = f"{subpath_url}councils/no-such-council/answers/"
    not_found = (built_site.root / "404.html").read_text(encoding="utf-8")
    page.route(missing, lambda route: route.fulfill(status=404, body=not_found, content_type="text/html"))
    failed: list[str] = []
    record_failures(page, failed, deliberate=(missing,))
    response = page.goto(missing, wait_until="networkidle")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    styles = page.evaluate("() => [...document.styleSheets].map((s) => s.href).filter(Boolean)")
    assert f"{subpath_url}assets/far.css" in styles, styles
    page.locator("#far-404-q").fill("westminster")
    page.locator("#far-404-q").press("Enter")
    expect(page).to_have_url(f"{subpath_url}search/?q=westminster")
    wait_for_search(page)
    expect(page.locator(RESULT_LINKS).first).to_be_visible()
    assert not failed, "requests that failed from the not-found page:\n" + "\n".join(failed)
    assert not requests_made.external()


def test_more_results_are_fetched_ten_at_a_time(page: Page):
    """A first search fetches the text of ten results; the button adds ten more and moves focus
    to the first new one, so a keyboard or screen reader user carries on where the list grew."""
    page.goto("/search/?q=council")
    status = wait_for_search(page)
    total = result_count(status)
    assert total > 10, status
    links = page.locator(RESULT_LINKS)
    expect(links).to_have_count(10)
    more = page.locator("button.far-more")
    expect(more).to_be_visible()
    more.click()
    expect(links).to_have_count(min(total, 20))
    expect(links.nth(10)).to_be_focused()
