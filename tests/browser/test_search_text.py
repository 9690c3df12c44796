"""The search of the text of answers and notes: the register's prose has an index of its own
(`site_builder/search.py`), which the search page searches when the reader asks, or by itself when
the main index finds nothing. The words are chosen from the built bundles, so the check follows
the register as it grows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_checks import wait_for_search
from factories import pagefind_fragments
from playwright.sync_api import Page, expect

from site_builder import search

TEXT_RESULTS = "[data-far-text-results] li a"


def _contents(bundle: Path) -> dict[str, str]:
    return {url: fragment["content"] for url, fragment in pagefind_fragments(bundle).items()}


@pytest.fixture(scope="module")
def candidates(built_site) -> list[tuple[str, str]]:
    """Words of council pages' prose that no page's indexed text holds, even as the start of a
    word (Pagefind matches a word's stem as a prefix), each with a page whose prose holds it."""
    main = " ".join(_contents(built_site.root / "pagefind").values()).lower()
    found = []
    for url, text in sorted(_contents(built_site.root / search.TEXT_BUNDLE).items()):
        if url.startswith("/councils/"):
            found += [(w, url) for w in sorted(set(re.findall(r"[a-z]{9,}", text.lower()))) if w[:-3] not in main]
    return found[:: max(1, len(found) // 20)][:20]


@pytest.fixture
def prose_only(page: Page, candidates) -> tuple[str, str]:
    """The first candidate the main index finds nothing for, as the search page reports it (an
    address or an anchor can hold a word that the page's text does not)."""
    for word, url in candidates:
        page.goto(f"/search/?q={word}")
        if wait_for_search(page).startswith("0 results"):
            return word, url
    pytest.fail(f"every word of the prose is in the main index too: {candidates}")


def test_a_word_only_in_answers_is_found_without_asking(page: Page, prose_only):
    word, url = prose_only
    page.goto(f"/search/?q={word}")
    status = wait_for_search(page)
    assert status.startswith("0 results"), status
    section = page.locator(".far-text-results")
    expect(section.get_by_role("heading", name="In the text of answers and notes")).to_be_visible()
    expect(section.locator("[role=status]")).to_have_text(re.compile(r"^\d+ pages? ha(s|ve) "))
    hrefs = page.locator(TEXT_RESULTS).evaluate_all("(links) => links.map((a) => new URL(a.href).pathname)")
    assert url in hrefs, (word, url, hrefs)
    expect(page.locator(".far-text-ask")).to_be_hidden()


def test_a_result_in_the_text_opens_the_page_at_the_word(page: Page, prose_only):
    word, url = prose_only
    page.goto(f"/search/?q={word}")
    wait_for_search(page)
    link = page.locator(TEXT_RESULTS, has=page.locator(f"xpath=self::a[contains(@href, '{url}')]")).first
    href = link.get_attribute("href") or ""
    assert href.startswith(url + "#:~:text="), href
    link.click()
    expect(page).to_have_url(re.compile(re.escape(url) + "$|" + re.escape(url) + "#"))


def test_a_broad_search_offers_the_text_and_finds_it_when_asked(page: Page, check_axe):
    page.goto("/search/?q=analytics")
    status = wait_for_search(page)
    assert not status.startswith("0 "), status
    section = page.locator(".far-text-results")
    expect(section).to_be_hidden()
    ask = page.locator(".far-text-ask")
    expect(ask).to_be_visible()
    ask.click()
    expect(section.locator("[role=status]")).to_have_text(re.compile(r"^\d+ pages? ha(s|ve) “analytics”"))
    expect(ask).to_be_hidden()
    first = page.locator(TEXT_RESULTS).first
    expect(first).to_be_focused()
    assert re.search(r"/councils/[a-z-]+/#:~:text=", first.get_attribute("href") or "")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        violations = check_axe(page)
        assert not violations, f"WCAG 2.2 A/AA violations with the text results shown at {width} px:\n{violations}"


def test_a_new_search_clears_the_text_results(page: Page):
    page.goto("/search/?q=analytics")
    wait_for_search(page)
    page.locator(".far-text-ask").click()
    expect(page.locator(TEXT_RESULTS).first).to_be_visible()
    page.locator("#far-q").fill("Westminster")
    page.locator("#far-q").press("Enter")
    wait_for_search(page)
    expect(page.locator(".far-text-results")).to_be_hidden()
    expect(page.locator(".far-text-ask")).to_be_hidden()  # a council's name: its page is the answer
