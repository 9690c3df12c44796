"""For journalists: each citation is copied with one button, by mouse or keyboard, and the copy
is announced; without JavaScript the citations are there to select, with no dead buttons."""

from __future__ import annotations

import re
from collections.abc import Callable

import yaml
from conftest import ROOT
from playwright.sync_api import Page, expect

from site_builder.cite import answer_citations
from site_builder.context import Site
from site_builder.dataset import build_dataset
from site_builder.validate import load_content

COUNCIL = "councils/westminster/"


def test_the_copy_button_copies_the_citation_and_says_so(new_page: Callable[..., Page], site_url: str):
    page = new_page(site_url, permissions=["clipboard-read", "clipboard-write"])
    page.goto(COUNCIL)
    plain = page.locator("pre[data-far-cite]").first
    button = page.locator("button.far-copy").first
    expect(button).to_have_accessible_name("Copy citation: Plain text")
    button.click()
    expect(page.locator("[role=status].far-visually-hidden")).to_have_text("Copied: Plain text")
    expect(button).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == plain.inner_text()
    assert "Westminster City Council" in copied and "ACCESSED" not in copied


def test_the_bibtex_copy_works_from_the_keyboard(new_page: Callable[..., Page], site_url: str):
    page = new_page(site_url, permissions=["clipboard-read", "clipboard-write"])
    page.goto(COUNCIL)
    bibtex = page.locator("pre[data-far-cite]").nth(1)
    bibtex.focus()
    page.keyboard.press("Tab")  # the button comes straight after its citation
    expect(page.locator("button.far-copy").nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("[role=status].far-visually-hidden")).to_have_text("Copied: BibTeX")
    assert page.evaluate("navigator.clipboard.readText()").startswith("@misc{far-westminster,")


def test_every_answer_and_the_reply_have_a_citation(page: Page):
    page.goto(COUNCIL)
    section = page.locator("#cite-replies")
    reply = section.locator("pre[data-far-cite]").first
    expect(reply).to_contain_text("Reply to the Freedom of Information request")
    expect(reply).to_contain_text("https://www.whatdotheyknow.com/request/")
    answers = page.locator("article.far-answer:not(.far-answer--missing)")
    section.locator("summary").first.click()
    for anchor in answers.evaluate_all("(nodes) => nodes.map((n) => n.id)"):
        cited = section.locator(f"pre[aria-labelledby='cite-{anchor}']")
        expect(cited).to_contain_text(f"#{anchor}")
    # One copy button a citation.
    expect(page.locator("button.far-copy")).to_have_count(page.locator("pre[data-far-cite]").count())


def test_far_js_writes_each_answers_citation_as_the_build_would(page: Page):
    """The answers' citations are written in the browser from the page; they read exactly as
    `cite.answer_citations` words them, with the reader's access date."""
    content, problems = load_content(ROOT / "content")
    assert problems == []
    westminster = build_dataset(content).councils["westminster"]
    site = Site(site_url=yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"])
    expected = [a for r in westminster.responses for a in answer_citations(r, site)]
    assert expected
    page.goto(COUNCIL)
    section = page.locator("#cite-replies")
    for a in expected:
        label = section.locator(f"#cite-{a['anchor']}")
        expect(label).to_have_text(re.compile("^" + re.escape(a["label"])))
        text = section.locator(f"pre[aria-labelledby='cite-{a['anchor']}']").text_content() or ""
        head, _ = a["text"].split("ACCESSED")
        assert text.startswith(head) and "ACCESSED" not in text and text.endswith(".")


def test_without_javascript_the_reply_is_cited_and_answers_by_anchor(new_page: Callable[..., Page], site_url: str):
    page = new_page(site_url, java_script_enabled=False)
    page.goto(COUNCIL)
    expect(page.locator("#cite-replies pre[data-far-cite]").first).to_contain_text(
        "Reply to the Freedom of Information request"
    )
    expect(page.locator("#cite")).to_contain_text("or to one answer with its anchor")


def test_without_javascript_there_is_no_copy_button(new_page: Callable[..., Page], site_url: str):
    page = new_page(site_url, java_script_enabled=False)
    page.goto(COUNCIL)
    expect(page.locator("pre[data-far-cite]").first).to_be_visible()
    expect(page.locator("button.far-copy")).to_have_count(0)
