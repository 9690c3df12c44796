"""Every UK authority in a real browser: the map's links and skip link, and search's children's-services filter."""

from __future__ import annotations

import re

from browser_checks import wait_for_search
from playwright.sync_api import Page, expect

RESULT_LINKS = "ol[data-far-search-results] li a"


def test_hackney_is_found_and_the_childrens_services_filter_narrows_the_results(page: Page):
    page.goto("/search/?q=hackney")
    wait_for_search(page)
    first = page.locator(RESULT_LINKS).first
    expect(first).to_have_attribute("href", re.compile(r"/councils/hackney/$"))
    page.goto("/search/?q=ashford&runs_children_s_services=No")
    status = wait_for_search(page)
    assert "for “ashford”" in status, status
    expect(page.locator("fieldset.far-search__filters select[name=runs_children_s_services]")).to_have_value("No")
    expect(page.locator(RESULT_LINKS, has_text="Ashford Borough Council")).to_be_visible()
    page.goto("/search/?q=ashford&runs_children_s_services=Yes")
    wait_for_search(page)
    expect(page.locator(RESULT_LINKS, has_text="Ashford Borough Council")).to_have_count(0)


def test_the_maps_skip_link_takes_the_keyboard_past_its_hexes(page: Page):
    page.goto("/coverage/")
    skip = page.locator(".far-map__skip")
    skip.focus()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#coverage-map-after$"))
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.closest('svg') === null")
    assert focused, "Tab after the skip link still lands on a hex"


def test_every_hex_is_a_named_link_on_a_phone(new_page, site_url: str):
    page = new_page(site_url, viewport={"width": 390, "height": 844})
    page.goto("/")
    links = page.locator(".far-map__svg a")
    expect(links).to_have_count(361)
    names = links.evaluate_all("(links) => links.map((a) => a.getAttribute('aria-label'))")
    assert all(re.match(r"^[^:]+: .+", name or "") for name in names)
    box = page.locator(".far-map__svg").bounding_box()
    assert box is not None and box["width"] <= 390 and box["height"] > 300, box
