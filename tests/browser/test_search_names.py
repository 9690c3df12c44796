"""Search that finds the council: every authority in the register, typed as a reader would type
it, brings its own page first; a search that finds nothing offers the closest names.

The names come from content/ and mySociety's dataset through the loader, not from the pages, so a
page that lost a council cannot agree with itself and pass."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from browser_checks import wait_for_search
from playwright.sync_api import Page, expect

from site_builder import finder
from site_builder.dataset import build_dataset, council_path
from site_builder.loader import load_content

ROOT = Path(__file__).resolve().parents[2]
RESULT_LINKS = "ol[data-far-search-results] li a"


@functools.cache
def queries() -> list[tuple[str, str]]:
    """(what a reader types, the page that must come first): each authority's full name, and its
    short name ("Devon") wherever no other authority shares it."""
    content, _ = load_content(ROOT / "content")
    data = build_dataset(content)
    keys: dict[str, int] = {}
    for council in data.councils.values():
        for key in finder.names(council):
            keys[key] = keys.get(key, 0) + 1
    out = []
    for council in data.councils_by_name:
        out.append((council.name, "/" + council_path(council.slug)))
        short = finder.short_name(council.name)
        if keys[short] == 1 and short != finder.fold(council.name):
            out.append((short, "/" + council_path(council.slug)))
    return out


# Types each query into the search page's own form, as a reader does, and reads the first result:
# the whole register in one page, so every authority is checked in well under a minute.
ASK_EACH = """async (queries) => {
  const form = document.querySelector("[data-far-search]");
  const input = document.getElementById("far-q");
  const status = document.querySelector("[data-far-search-status]");
  const list = document.querySelector("[data-far-search-results]");
  const wrong = [];
  for (const [query, expected] of queries) {
    input.value = query;
    form.requestSubmit();
    while (status.textContent.startsWith("Searching")) await new Promise((done) => setTimeout(done, 5));
    const first = list.querySelector("a");
    const found = first ? new URL(first.href).pathname : null;
    if (found !== expected) wrong.push(`${query}: first result ${found}, expected ${expected}`);
  }
  return wrong;
}"""


def test_every_authority_is_the_first_result_for_its_own_name(page: Page):
    asked = queries()
    assert len(asked) > 390, "the register is smaller than every UK authority: the check would prove little"
    page.goto("/search/")
    wait_for_search(page)
    wrong = page.evaluate(ASK_EACH, asked)
    assert not wrong, f"{len(wrong)} of {len(asked)} searches did not put the council first:\n" + "\n".join(wrong[:30])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Westmister", "Westminster City Council"),
        ("Thurock", "Thurrock Council"),
        ("hackny", "London Borough of Hackney"),
    ],
)
def test_a_misspelt_council_is_offered_by_its_right_name(page: Page, typed: str, expected: str):
    page.goto(f"/search/?q={typed}")
    wait_for_search(page)
    suggest = page.locator(".far-suggest")
    expect(suggest).to_be_visible()
    expect(suggest.locator(".far-suggest__names a").first).to_have_text(expected)


def test_a_search_with_no_result_says_where_else_to_look(page: Page):
    page.goto("/search/?q=Thurock")
    status = wait_for_search(page)
    assert status.startswith("0 results"), status
    suggest = page.locator(".far-suggest")
    expect(suggest.locator(".far-suggest__names a").first).to_have_text("Thurrock Council")
    # And where else to look: the list of councils, WhatDoTheyKnow, the contribute page.
    hrefs = suggest.locator("a").evaluate_all("(links) => links.map((a) => a.href)")
    assert any(h.endswith("/councils/") for h in hrefs), hrefs
    assert any("whatdotheyknow.com" in h for h in hrefs), hrefs
    assert any(h.endswith("/contribute/") for h in hrefs), hrefs
    expect(page.locator("button.far-more")).to_be_hidden()


def test_a_search_for_a_word_offers_no_council(page: Page):
    page.goto("/search/?q=Xantura")
    status = wait_for_search(page)
    assert not status.startswith("0 "), status
    expect(page.locator(".far-suggest")).to_be_hidden()


def test_the_suggestion_opens_the_council_page(page: Page):
    page.goto("/search/?q=Westmister")
    wait_for_search(page)
    page.locator(".far-suggest__names a").first.click()
    expect(page).to_have_url(re.compile(r"/councils/westminster/$"))


def test_a_search_that_finds_something_offers_no_suggestions(page: Page):
    page.goto("/search/?q=Thurrock")
    wait_for_search(page)
    expect(page.locator(RESULT_LINKS).first).to_have_text("Thurrock Council")
    expect(page.locator(".far-suggest")).to_be_hidden()


def test_with_no_query_there_is_no_empty_button(page: Page):
    page.goto("/search/")
    wait_for_search(page)
    expect(page.locator("button.far-more")).to_be_hidden()
    expect(page.locator(RESULT_LINKS)).to_have_count(0)


def test_without_javascript_the_filter_panel_is_not_shown(new_page, site_url: str):
    page = new_page(site_url, java_script_enabled=False)
    page.goto("/search/")
    expect(page.locator("[data-far-filters-panel]")).to_be_hidden()


# Pagefind's own API on the built index: what every excerpt a reader could see is made of.
EXCERPTS = """async (queries) => {
  const pagefind = await import(new URL("../pagefind/pagefind.js", location.href).href);
  await pagefind.options({ baseUrl: "/" });
  await pagefind.init();
  const out = [];
  for (const query of queries) {
    const search = await pagefind.search(query);
    for (const result of search.results) {
      const data = await result.data();
      out.push([query, data.url, data.content]);
    }
  }
  return out;
}"""
PATH = re.compile(r"\b[\w.-]+/[\w<>./-]*\.(?:ya?ml|json|py)\b|\bsite_builder\b|\.venv/")


def test_contributor_pages_are_not_found_by_file_paths_and_headings_stay_apart(page: Page):
    page.goto("/search/")
    wait_for_search(page)
    found = page.evaluate(EXCERPTS, ["yaml", "schema", "validate", "authority", "children's services"])
    assert found, "the searches found nothing: the check below would prove nothing"
    paths = [
        f"{url} ({query}): {PATH.search(text)[0]}"
        for query, url, text in found
        if url in ("/contribute/", "/methodology/") and PATH.search(text)
    ]
    assert not paths, "file paths indexed on the contributor pages:\n" + "\n".join(paths)
    # A table's column headings are not indexed: they ran together into one word in excerpts.
    joined = [
        f"{url}: {word}"
        for _, url, text in found
        for word in ("AuthorityChildren", "FieldRequired", "run byWhat")
        if word in text
    ]
    assert not joined, "table headings run together in the index:\n" + "\n".join(joined)


def _index_chunks(page: Page, query: str) -> set[str]:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if request.url.endswith(".pf_index") else None)
    page.goto(f"/search/?q={query}")
    wait_for_search(page)
    return {url.rsplit("/", 1)[1] for url in fetched}


def test_a_search_naming_a_council_fetches_only_the_index_of_its_own_words(new_page, site_url: str):
    """A search for "Westminster City Council": the council is first from the list of names, and Pagefind is
    asked for "westminster" alone, not for "city" and "council", which are on nearly every page."""
    named = new_page(site_url)
    chunks = _index_chunks(named, "Westminster City Council")
    expect(named.locator(RESULT_LINKS).first).to_have_text("Westminster City Council")
    assert chunks == _index_chunks(new_page(site_url), "westminster")
    assert _index_chunks(new_page(site_url), "council") - chunks, "'council' is in an index chunk of its own"
