"""Keyboard and screen readers: a skip link on every page type that lands on the page's heading,
and the table of contents after the content in the tab order."""

from __future__ import annotations

import pytest
from browser_checks import FOCUSED, wait_for_search
from playwright.sync_api import Page, expect

PAGE_TYPES = [
    "/",
    "/councils/",
    "/councils/westminster/",
    "/councils/rutland/",
    "/systems/",
    "/systems/early-help-profiling-system/",
    "/compare/",
    "/compare/gillies-2021/q1/",
    "/coverage/",
    "/suppliers/",
    "/suppliers/power-bi/",
    "/exemptions/",
    "/data/",
    "/search/",
    "/about/",
    "/methodology/",
    "/contribute/",
    "/accessibility/",
    "/404.html",  # served under the published path, where its links are right
]


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_the_first_tab_is_a_skip_link_that_lands_on_the_heading(page: Page, subpath_page: Page, path: str):
    if path == "/404.html":
        page = subpath_page
    page.goto(path.lstrip("/"))
    if path.startswith("/search/"):
        wait_for_search(page)
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused and "md-skip" in focused["className"].split(), f"the first Tab on {path} goes to {focused}"
    heading = page.locator("article h1").first
    heading_id = heading.get_attribute("id")
    assert heading_id, f"the heading of {path} has no id to land on"
    assert focused["href"].endswith(f"#{heading_id}"), (
        f"{path}: the skip link goes to {focused['href']}, not the heading"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == f"#{heading_id}"
    # The next Tab goes on from the heading, into the content: not back to the header or a sidebar.
    page.keyboard.press("Tab")
    after = page.evaluate(FOCUSED)
    assert after and after["inContent"], f"after the skip link on {path}, Tab went to {after}"


def test_the_table_of_contents_comes_after_the_content(page: Page):
    page.goto("councils/westminster/")
    order = page.evaluate(
        """() => {
          const toc = document.querySelector(".md-sidebar--secondary");
          const content = document.querySelector(".md-content");
          return Boolean(toc && content && content.compareDocumentPosition(toc) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    assert order, "the table of contents is before the content in the page, so Tab meets it first"
    # It is still shown on the right at desktop width, and still lists the requests.
    toc = page.locator(".md-sidebar--secondary")
    expect(toc.locator("a[href='#gillies-2021']")).to_have_count(1)
    box, content = toc.bounding_box(), page.locator(".md-content").bounding_box()
    assert box and content and box["x"] > content["x"], (box, content)
