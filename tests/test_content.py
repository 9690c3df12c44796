"""The real records: every one validates, every fact has a source, and the real site builds strictly."""

from __future__ import annotations

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
