"""Every row of the shared research material is accounted for: a response record, a report finding,
or a stated reason in content/left-out.yaml. The research files live beside the repository, in
the shared folder; without them these tests are skipped."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from factories import REPO

from site_builder.validate import load_content

RESEARCH = Path(__file__).parents[1].parent / "shared" / "research"
pytestmark = pytest.mark.skipif(
    not (RESEARCH / "dsuk-2018.csv").is_file(),
    reason=f"the research files are not at {RESEARCH} (they sit beside the repository, not in it)",
)

CONTENT, PROBLEMS = load_content(REPO / "content")
# The merged register: every authority of mySociety's dataset with the curated additions.
REGISTER = list(CONTENT.register.entries.values()) if CONTENT.register else []
SLUGS = {
    name: c["slug"]
    for c in REGISTER
    for name in [c["name"], *([c["short_name"]] if c.get("short_name") else []), *(c.get("other_names") or [])]
}
LEFT_OUT = {(e["file"], e["url"]) for e in (CONTENT.left_out.data["left_out"] if CONTENT.left_out else [])}
DIRECT = "datajusticelab-2018-direct"


def rows(name: str) -> list[dict[str, str]]:
    with (RESEARCH / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def https(url: str) -> str:
    return re.sub(r"^http://", "https://", url)


def record_urls(data: dict) -> set[str]:
    return {data["request"]["url"], *(d["url"] for d in data.get("documents") or [])}


def records_with(url: str) -> list[dict]:
    return [d.data for d in CONTENT.responses if url in record_urls(d.data)]


def findings() -> list[tuple[dict, dict]]:
    return [(doc.data, f) for doc in CONTENT.reports for f in doc.data["findings"]]


def test_the_records_validate():
    assert [str(p) for p in PROBLEMS] == []
    assert [str(w) for w in CONTENT.warnings] == []


@pytest.mark.parametrize("row", [r for r in rows("dsuk-2018.csv") if r["role"] == "reply"], ids=lambda r: r["file"])
def test_each_2018_reply_has_a_record(row):
    found = records_with(row["source_url"])
    assert len(found) == 1, "one record holds the reply"
    data = found[0]
    assert data["batch"] == DIRECT
    if row["authority_as_filed"]:
        assert data["council"] == SLUGS[row["authority_as_filed"]]
    assert "council_reference" in data
    assert data["council_reference"] or "No council reference" in " ".join(s.get("note", "") for s in data["sources"])
    dates = data.get("dates") or {}
    assert dates.get("replied") or dates.get("internal_review") or dates.get("sent"), "at least one date"
    if "replied" not in dates:
        assert "reply is undated" in data.get("notes", "") or "is not known" in data.get("notes", "")
    for value in dates.values():
        if isinstance(value, dict) and re.search(r"[Ff]rom the (Lab's )?file name", value.get("note", "")):
            assert value["certainty"] == "probable", "a date taken from a file name says so"
    assert data["documents"], "the reply is listed as a document"
    for answer in (data.get("answers") or {}).values():
        for item in answer.get("evidence") or []:
            assert item.get("url") and item["location"], "every evidence item points at a document and a place in it"


def test_exemptions_the_research_notes_are_on_the_records():
    sections = {"s12": "12", "s43(2)": "43(2)", "s31(1)(a)": "31(1)(a)", "s40": "40(2)(a)"}
    for row in rows("foi-2018-and-reporting.csv"):
        if row["source_kind"] != "foi_reply":
            continue
        for found in records_with(row["source_url"]):
            cited = {e["section"] for e in found.get("exemptions") or []}
            for mark, section in sections.items():
                if mark in row["status"]:
                    assert section in cited, (row["council"], mark)


@pytest.mark.parametrize(
    "row", [r for r in rows("dsuk-2018.csv") if r["role"] == "attachment"], ids=lambda r: r["file"]
)
def test_each_attachment_is_listed_on_a_reply_of_its_authority(row):
    found = records_with(row["source_url"])
    assert len(found) == 1
    assert found[0]["request"]["url"] != row["source_url"], "listed as a document of a reply, not a reply"
    if row["authority_as_filed"]:
        assert found[0]["council"] == SLUGS[row["authority_as_filed"]]


@pytest.mark.parametrize(
    "row", rows("foi-2018-and-reporting.csv"), ids=lambda r: f"{r['council']}|{r['source_url'][-40:]}"
)
def test_every_reporting_row_is_a_record_a_finding_or_left_out(row):
    slug = SLUGS.get(row["council"])
    assert slug, f"{row['council']} is in the register"
    if row["source_kind"] == "foi_reply":
        assert [d["council"] for d in records_with(row["source_url"])] == [slug]
        return
    if row["batch_or_source_group"] == "datajusticelab-data-analytics-usage":
        reply = re.search(r"Reply page: (https://\S+?)[ )]", row["what_it_says_own_words"]).group(1)
        data = next(d.data for d in CONTENT.responses if d.data["request"]["url"] == reply)
        assert data["council"] == slug and data["batch"] == row["batch_or_source_group"]
        evidence = [e for a in data["answers"].values() for e in a.get("evidence") or []]
        assert evidence and all(
            e.get("basis") == "summary" and e["seen_in"]["url"] == row["source_url"] for e in evidence
        )
        return
    url = https(row["source_url"])
    matched = [f for report, f in findings() if url in (report["url"], (report.get("seen_via") or {}).get("url"))]
    assert any(f["council"] == slug for f in matched) or ("foi-2018-and-reporting.csv", url) in LEFT_OUT


@pytest.mark.parametrize("row", rows("atrs-council-records.csv"), ids=lambda r: r["url"].rsplit("/", 1)[-1])
def test_every_atrs_record_is_a_finding_or_left_out(row):
    as_finding = [(r, f) for r, f in findings() if r["url"] == row["url"]]
    left_out = ("atrs-council-records.csv", row["url"]) in LEFT_OUT
    assert bool(as_finding) != left_out, "exactly one of: a finding, or left out with a reason"
    for report, finding in as_finding:
        assert report["kind"] == "official_algorithm_record"
        assert finding["service"] == "childrens_services"


def test_left_out_rows_are_real_rows():
    known = {("atrs-council-records.csv", r["url"]) for r in rows("atrs-council-records.csv")}
    known |= {("foi-2018-and-reporting.csv", https(r["source_url"])) for r in rows("foi-2018-and-reporting.csv")}
    assert known >= LEFT_OUT
