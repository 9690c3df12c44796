"""The real records: every one validates, every fact has a source, and the real site builds strictly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from factories import REPO

from site_builder.validate import UNCODED, load_content

CONTENT, PROBLEMS = load_content(REPO / "content")
RESPONSES = {doc.display: doc.data for doc in CONTENT.responses}
COUNCILS = [entry["slug"] for entry in (CONTENT.councils.data["councils"] if CONTENT.councils else [])]


def coded_values(answer: dict) -> set[str]:
    coded = answer.get("coded")
    return set(coded.values()) if isinstance(coded, dict) else {coded} - {None}


def test_every_record_validates():
    assert [str(p) for p in PROBLEMS] == []


def test_there_are_records():
    assert CONTENT.councils is not None and COUNCILS
    assert CONTENT.batches
    assert "content/responses/westminster/gillies-2021.yaml" in RESPONSES


@pytest.mark.parametrize("path", RESPONSES)
def test_response_is_sourced(path: str):
    data = RESPONSES[path]
    assert [s["url"] for s in data["sources"] if s.get("url")], "at least one source with an address"
    assert data["request"]["url"].startswith("https://")
    uncovered = [
        qid
        for qid, answer in (data.get("answers") or {}).items()
        if coded_values(answer) - UNCODED and not answer.get("evidence")
    ]
    assert uncovered == [], "a coded answer needs evidence"


@pytest.fixture(scope="module")
def site(real_site: Path) -> Path:
    """The repository's own site, built strictly (the session's build)."""
    return real_site


def test_real_site_builds(site: Path):
    """Strict: a single warning would have aborted the build in the fixture."""
    assert (site / "index.html").is_file()
    assert (site / "councils" / "index.html").is_file()


def test_westminster_page_has_all_six_answers(site: Path):
    page = (site / "councils" / "westminster" / "index.html").read_text(encoding="utf-8")
    for n in range(1, 7):
        assert f'id="gillies-2021-q{n}"' in page
    assert "far-answer--missing" not in page
    assert "19724857" in page
    assert "Westminster City Council" in page


def test_every_council_has_a_page(site: Path):
    assert [slug for slug in COUNCILS if not (site / "councils" / slug / "index.html").is_file()] == []


@pytest.mark.parametrize("slug", ["hackney", "bristol", "kent"])
def test_replies_and_reports_are_shown_apart_and_labelled(site: Path, slug: str):
    from factories import read_page

    page = read_page(site, f"councils/{slug}/")
    requests = list(page.iter("section", cls="far-request"))
    assert requests, "the FOI replies are on the page"
    assert any("datajusticelab-2018-direct" in r.attrs.get("id", "") for r in requests)
    story = [li.words() for li in page.by_id("story").iter("li")]
    assert any("FOI request" in item for item in story)
    if slug == "kent":
        years = [re.search(r"\b(20\d\d)\b", item).group(1) for item in story]
        assert years == sorted(years) and years[0] == "2018" and years[-1] == "2021"
        return
    reported = page.by_id("reported-elsewhere")
    assert reported.find("h2").words() == "Reported elsewhere"
    assert "not FOI answers" in reported.words()
    for finding in reported.iter("article", cls="far-finding"):
        assert "Kind of evidence" in finding.words()
        sources = [a.attrs["href"] for a in finding.iter("a") if a.attrs.get("href", "").startswith("https://")]
        assert sources, "the source is one click away"
    assert any("Reported elsewhere" in item for item in story)


def test_ehps_has_one_page_naming_every_authority_linked_to_it(site: Path):
    from factories import read_page

    registry = CONTENT.systems.data["systems"]
    ehps = next(s for s in registry if s["slug"] == "early-help-profiling-system")
    names = {n.casefold() for n in [ehps["name"], *ehps["aliases"]]}
    linked = {
        d.data["council"]
        for d in CONTENT.responses
        for s in d.data.get("systems") or []
        if s["name"].casefold() in names
    }
    linked |= {f["council"] for d in CONTENT.reports for f in d.data["findings"] if f["system"].casefold() in names}
    assert {"hackney", "thurrock"} <= linked
    page = read_page(site, "systems/early-help-profiling-system/")
    shown = {s.attrs["id"] for s in page.iter("section", cls="far-system-council")}
    assert shown == linked
