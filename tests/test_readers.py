"""The real site as a reader meets it: the home page's finder and figures, changes in words, the
council page's opening sentence, compare tables that fold what is not transcribed, plain words."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest
from factories import read_page

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(real_site: Path) -> Path:
    return real_site


def _subjects() -> list[str]:
    """Every commit subject that touched the records (none may reach a reader's page)."""
    done = subprocess.run(
        ["git", "-C", str(ROOT), "log", "--format=%s", "--", "content"], capture_output=True, text=True, check=False
    )
    return [s for s in done.stdout.splitlines() if len(s) > 25] if done.returncode == 0 else []


# --- Home ---------------------------------------------------------------------------------------


def test_home_opens_with_a_council_finder_that_works_without_javascript(site: Path):
    page = read_page(site, "")
    article = page.find("article")
    form = article.find("form", cls="far-finder")
    assert form is not None
    assert form.attrs["method"] == "get" and form.attrs["action"] == "search/"
    field = form.find("input", name="q")
    assert field.attrs["list"] == "far-finder-names"
    assert page.find("label", **{"for": field.attrs["id"]}).words() == "Find a council"
    options = list(page.by_id("far-finder-names").iter("option"))
    names = {o.attrs["value"]: o.attrs["data-href"] for o in options}
    assert names["Westminster City Council"] == "councils/westminster/"
    assert len(options) == len(list((site / "councils").glob("*/index.html")))
    for href in names.values():
        assert (site / href / "index.html").is_file(), href
    assert "data-pagefind-ignore" in form.attrs  # council names in the list would match every search
    # The finder comes before the figures, the map and the changes.
    order = [el.attrs.get("class", el.tag) for el in article.iter() if el.tag in ("form", "p", "h2")]
    assert order.index("far-finder") < order.index("far-known")


def test_home_says_what_is_known_with_figures_that_link_to_their_lists(site: Path):
    known = read_page(site, "").find("p", cls="far-known")
    links = {a.words(): a.attrs["href"] for a in known.iter("a")}
    assert set(links.values()) == {"coverage/", "councils/", "compare/", "councils/?reports=yes", "systems/"}
    assert all(re.match(r"^\d+ ", text) for text in links), links
    for href in links.values():
        assert (site / href.split("?")[0] / "index.html").is_file()


def test_home_has_no_grey_site_name_and_at_most_five_changes_in_words(site: Path):
    page = read_page(site, "")
    assert page.find("h1").words() != "Council Analytics FOI Register"
    assert "far-home-title" in page.find("h1").classes
    items = list(page.find("ul", cls="far-latest").iter("li"))
    assert 1 <= len(items) <= 5
    assert page.find("a", href="changes/") is not None
    text = page.find("article").words()
    for subject in _subjects():
        assert subject not in text


# --- Changes ------------------------------------------------------------------------------------


def test_changes_page_and_feed_carry_words_never_commit_subjects(site: Path):
    page = read_page(site, "changes/")
    items = list(page.find("article").iter("li"))
    assert items
    assert all(li.words().endswith(".") for li in items)
    for li in items[:50]:
        link = li.find("a")
        if link is not None:
            target = urljoin("changes/", link.attrs["href"]).split("#")[0]
            assert (site / target / "index.html").is_file(), target
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert '<?xml-stylesheet type="text/xsl" href="feed.xsl"?>' in feed
    assert (site / "feed.xsl").read_bytes().startswith(b"<?xml")
    for subject in _subjects():
        assert subject not in feed and subject not in page.words()


# --- Council pages ------------------------------------------------------------------------------


def council_pages(site: Path) -> list[Path]:
    return sorted(p.parent for p in (site / "councils").glob("*/index.html"))


def test_every_council_page_opens_with_a_sentence_or_the_reply_to_read(site: Path):
    for folder in council_pages(site):
        page = read_page(site, f"councils/{folder.name}/")
        article = page.find("article")
        first = next(el for el in article.iter() if el.tag in ("p", "dl", "section", "nav"))
        assert "far-lead__sentence" in first.classes, folder.name
        sentence = first.words()
        assert sentence.endswith(".") and len(sentence) > 20, (folder.name, sentence)
        if "not been transcribed yet" in sentence:
            buttons = [a.words() for a in page.find("p", cls="far-lead__actions").iter("a")]
            assert buttons == ["Read the council's reply", "Help transcribe it"], folder.name


def test_westminster_opens_with_what_it_said(site: Path):
    sentence = read_page(site, "councils/westminster/").find("p", cls="far-lead__sentence").words()
    assert sentence.startswith("In April 2021 Westminster told a researcher that it uses data analytics, has not used")
    assert "Machine learning feasibility project" in sentence


def test_an_untranscribed_reply_is_one_line_and_its_button_reads_the_reply(site: Path):
    page = read_page(site, "councils/lewisham/")
    assert page.find("p", cls="far-lead__sentence").words().startswith("This council replied")
    actions = page.find("p", cls="far-lead__actions")
    reply, helping = list(actions.iter("a"))
    assert (
        reply.attrs["href"].startswith("https://www.whatdotheyknow.com/request/")
        and "md-button--primary" in reply.classes
    )
    assert helping.attrs["href"] == "../../contribute/"
    lines = list(page.iter("p", cls="far-missing"))
    assert len(lines) == 1 and lines[0].words().startswith(
        "None of the 6 answers is transcribed yet: Q1 Used in the past"
    )
    assert page.find("article", cls="far-answer") is None
    assert page.words().count("Not yet transcribed") <= 2  # the facts box and its hidden search filter


def test_statuses_are_explained_in_words_beside_them(site: Path):
    from site_builder.vocabulary import STATUSES

    page = read_page(site, "councils/westminster/")
    status = page.find("span", cls="far-status")
    assert status.words() == "Successful"
    assert STATUSES["successful"].description in status.node.getparent().text_content()
    assert (
        "WhatDoTheyKnow's word for a request that got the information asked for" in STATUSES["successful"].description
    )


def test_the_facts_box_says_what_it_counts(site: Path):
    page = read_page(site, "councils/westminster/")
    terms = [dt.words() for dt in page.find("dl", cls="far-facts").iter("dt")]
    assert "Said in an FOI reply that it used or uses predictive analytics or AI" in terms
    assert "Reports predictive analytics or AI" not in terms


def test_reported_elsewhere_stays_labelled_in_the_opening(site: Path):
    page = read_page(site, "councils/hackney/")
    note = page.find("div", cls="far-lead").find("p", cls="far-note")
    assert note is not None and note.words().startswith("Public reports, not FOI answers, say")


# --- Plain language -----------------------------------------------------------------------------

JARGON = ["GSS code", "Curator notes", "(inferred)", "data-to-insight scrape", "replaced with today's date"]


def reader_pages(site: Path) -> list[Path]:
    """Every HTML page a reader reads: all but the contributor's guide and the data dictionary."""
    skip = ("contribute/", "data/", "pagefind/")
    return [p for p in sorted(site.rglob("index.html")) if not p.relative_to(site).as_posix().startswith(skip)]


def test_reader_pages_say_things_plainly(site: Path):
    import lxml.html

    found = []
    for path in reader_pages(site):
        article = lxml.html.parse(str(path)).getroot().find(".//article")
        if article is None:
            continue
        for pre in article.iter("pre"):  # citations quote the record's address; not running text
            pre.drop_tree()
        text = " ".join(article.text_content().split())
        found += [(path.relative_to(site).as_posix(), word) for word in JARGON if word in text]
        found += [(path.relative_to(site).as_posix(), m) for m in re.findall(r"\S+\.ya?ml\b", text)]
    assert found == []


def test_council_page_says_ons_code_notes_from_the_editors_and_where_this_comes_from(site: Path):
    page = read_page(site, "councils/westminster/")
    terms = [dt.words() for dt in page.find("dl", cls="far-facts").iter("dt")]
    assert "ONS code" in terms
    headings = [h.words() for h in page.iter("h3")]
    assert "Notes from the editors" in headings and "Where this comes from" in headings
    assert page.find("a", href="../../methodology/#glossary") is not None


def test_methodology_has_a_glossary_and_every_status_explained(site: Path):
    from site_builder.vocabulary import STATUSES

    page = read_page(site, "methodology/")
    glossary = page.by_id("glossary")
    assert glossary is not None and glossary.tag == "h2"
    words = [row.find("td").words() for row in glossary.next_element().next_element().find("tbody").iter("tr")]
    assert {"ONS code", "Transcribed", "WhatDoTheyKnow", "Name worked out from other sources"} <= set(words)
    table = page.by_id("statuses")
    assert [row.find("td").words() for row in table.find("tbody").iter("tr")] == [t.label for t in STATUSES]


# --- Compare tables -----------------------------------------------------------------------------


def test_compare_rows_not_transcribed_fold_into_one_row_of_links_after_the_others(site: Path):
    table = read_page(site, "compare/gillies-2021/q1/").by_id("compare-table")
    bodies = list(table.iter("tbody"))
    assert len(bodies) == 2 and "data-far-folded" in bodies[1].attrs
    rows = list(bodies[0].iter("tr"))
    assert rows and all("Not yet transcribed" not in r.words() for r in rows)
    folded = list(bodies[1].iter("tr"))
    assert len(folded) == 1
    links = list(folded[0].iter("a"))
    assert len(links) > 10
    for a in links:
        target = urljoin("compare/gillies-2021/q1/", a.attrs["href"])
        path, _, anchor = target.partition("#")
        assert read_page(site, path).by_id(anchor) is not None, target
    assert "far-table--sticky" in table.classes
