"""Pages for readers in Chromium: the home finder above the fold on a phone and working, compare
tables whose council column stays in view, and axe clean on the changed pages at both widths."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CHANGED = ["/", "/changes/", "/councils/westminster/", "/councils/kent/", "/compare/gillies-2021/q1/", "/methodology/"]


def test_home_finder_is_above_the_fold_on_a_phone(new_page, site_url: str):
    page = new_page(site_url, viewport=PHONE)
    page.goto("/")
    field = page.locator("#far-finder-q")
    expect(field).to_be_visible()
    for element in (field, page.locator(".far-finder__button")):
        box = element.bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"], box


def test_home_finder_opens_the_council_page_for_a_name(page: Page):
    page.goto("/")
    page.locator("#far-finder-q").fill("kent county council")
    page.locator("#far-finder-q").press("Enter")
    expect(page).to_have_url(re.compile(r"/councils/kent/$"))
    expect(page.locator("h1")).to_have_text("Kent County Council")


def test_home_finder_sends_anything_else_to_the_search_page(page: Page):
    page.goto("/")
    page.locator("#far-finder-q").fill("Westmin")
    page.locator(".far-finder__button").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=Westmin$"))


def test_home_finder_without_javascript_submits_to_the_search_page(new_page, site_url: str):
    page = new_page(site_url, java_script_enabled=False)
    page.goto("/")
    page.locator("#far-finder-q").fill("Kent County Council")
    page.locator(".far-finder__button").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=Kent\+County\+Council$"))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("path", CHANGED)
def test_changed_pages_have_no_axe_violations(new_page, site_url: str, check_axe, path: str, viewport):
    page = new_page(site_url, viewport=viewport)
    page.goto(path.lstrip("/"))
    violations = check_axe(page)
    assert not violations, str(violations)


def test_feed_reads_as_a_page(page: Page, check_axe):
    page.goto("/feed.xml")
    expect(page.locator("h1")).to_contain_text("what changed in the records")
    expect(page.locator("li").first).to_contain_text(re.compile(r"\.$"))


COMPARE = "/compare/gillies-2021/q1/"
# The words of each link that are drawn on more than one line (a word broken inside itself).
BROKEN_WORDS = """(links) => links.flatMap((a) => {
  const text = a.firstChild, broken = [];
  for (const match of text.data.matchAll(/\\S+/g)) {
    const range = document.createRange();
    range.setStart(text, match.index);
    range.setEnd(text, match.index + match[0].length);
    if (range.getClientRects().length > 1) broken.push(match[0]);
  }
  return broken;
})"""
MANY_ROWS = "/compare/datajusticelab-2018-direct/q1/"


def test_compare_council_column_stays_in_view_when_the_table_scrolls_on_a_phone(new_page, site_url: str):
    page = new_page(site_url, viewport=PHONE)
    page.goto(MANY_ROWS)
    wrap = page.locator(".far-table-wrap").first
    first_cell = page.locator("#compare-table tbody tr td:first-child").first
    before = first_cell.bounding_box()
    width = wrap.evaluate("(w) => w.scrollWidth - w.clientWidth")
    assert width > 100, "the table does not scroll sideways on a phone"
    wrap.evaluate("(w) => { w.scrollLeft = w.scrollWidth; }")
    page.wait_for_timeout(100)
    after = first_cell.bounding_box()
    assert before is not None and after is not None
    assert abs(after["x"] - before["x"]) < 1, (before, after)
    # Names wrap between words, never inside one.
    words = page.locator("#compare-table tbody td:first-child a").evaluate_all(BROKEN_WORDS)
    assert words == [], f"names broken inside a word: {words}"


def test_compare_untranscribed_authorities_share_one_row_that_the_filters_reach(page: Page):
    page.goto(COMPARE)
    folded = page.locator("#compare-table tbody[data-far-folded]")
    expect(folded).to_have_count(1)
    links = folded.locator("a")
    total = links.count()
    assert total > 10
    expect(page.locator("#compare-table tbody[data-far-folded] tr")).to_have_count(1)
    # After every transcribed row.
    last = "() => [...document.querySelector('#compare-table').tBodies].pop().hasAttribute('data-far-folded')"
    assert page.evaluate(last)
    page.locator("form.far-filters select[name=status]").select_option("refused")
    expect(page).to_have_url(re.compile(r"\?status=refused$"))
    visible = folded.locator("a:visible")
    assert 0 < visible.count() < total
    for href in visible.evaluate_all("(links) => links.map((a) => a.getAttribute('href'))"):
        assert href.startswith("../../../councils/"), href
    page.locator("form.far-filters select[name=data_analytics]").select_option("yes")
    expect(folded).to_be_hidden()
