"""Public reports, the system name list and evidence seen in a summary: checked where they are
written, shown apart from FOI answers, joined per system, and never counted as FOI answers."""

from __future__ import annotations

import pytest
from factories import (
    RESPONSE,
    RESPONSE_PATH,
    Tree,
    build_site,
    expect_problem,
    own_source_date_epoch,
    read_page,
    write_content,
    write_project,
)

from site_builder.dataset import build_dataset

REPORT_PATH = "reports/test-news.yaml"
REPORT = """\
id: test-news
title: Testshire scores families (test article)
publisher: Test Gazette
date: 2020-05
url: https://news.example/testshire-scores-families
kind: news
findings:
  - council: testshire
    system: Family Risk Model
    supplier: Examplesoft
    kind: predictive_analytics
    status: in_use
    period: since 2019
    service: childrens_services
    summary: Testshire scores families for early help, the article says.
    locator: paragraph 3
    quote: scores every family
  - council: exampleton
    system: Bin Planner
    status: piloted
    service: other
    service_note: waste collection
    summary: Exampleton piloted route planning for bins.
    locator: paragraph 9
"""
SYSTEMS = """\
systems:
  - slug: family-risk-model
    name: Family Risk Model
    supplier: Examplesoft
    aliases:
      - FRM
    sources:
      - title: Test Gazette article
        url: https://news.example/testshire-scores-families
suppliers:
  - name: Examplesoft
    sources:
      - title: Test Gazette article
        url: https://news.example/testshire-scores-families
"""
SUMMARY_EVIDENCE = """\
      - kind: paraphrase
        text: The council uses a family risk model.
        location: Reply (not read), as extracted by a test summary
        basis: summary
        seen_in:
          title: Test summary of replies
          url: https://summary.example/replies.json
          locator: the entry for Testshire
"""
SYSTEM_IN_REPLY = """\
systems:
  - name: FRM
    supplier: Examplesoft
    status: in_use
    question: q1
"""


def with_reports(tmp_path, response: str = RESPONSE, **extra: str) -> Tree:
    tree = write_content(tmp_path)
    tree.write(REPORT_PATH, REPORT)
    tree.write("systems.yaml", SYSTEMS)
    tree.write(RESPONSE_PATH, response)
    for name, text in extra.items():
        tree.write(name, text)
    return tree


def test_reports_and_systems_validate(tmp_path):
    tree = with_reports(tmp_path)
    content, problems = tree.load()
    assert [str(p) for p in problems] == []
    assert content.warnings == []
    assert [d.data["id"] for d in content.reports] == ["test-news"]


@pytest.mark.parametrize(
    ("old", "new", "at", "field", "phrase"),
    [
        ("kind: news", "kind: blog", "kind: blog", "kind", "blog"),
        ("council: exampleton", "council: nowhere", "council: nowhere", "findings[1].council", "no council 'nowhere'"),
        ("    status: piloted\n", "    status: used\n", "status: used", "findings[1].status", "used"),
        ("    service_note: waste collection\n", "", "service: other", "findings[1].service", "needs `service_note`"),
        ("    locator: paragraph 9\n", "", "- council: exampleton", "findings[1]", "locator"),
        ("date: 2020-05", "date: 2099-05", "date: 2099", "date", "in the future"),
        ("id: test-news", "id: other-news", "id: other-news", "id", "expected 'test-news'"),
    ],
)
def test_report_problems_name_file_line_and_field(tmp_path, old, new, at, field, phrase):
    tree = with_reports(tmp_path)
    tree.edit(REPORT_PATH, old, new)
    expect_problem(tree, REPORT_PATH, at, field, phrase)


def test_summary_evidence_needs_where_it_was_seen(tmp_path):
    text = RESPONSE.replace(
        "        location: Reply letter, answer 1\n",
        "        location: Reply letter, answer 1\n        basis: summary\n",
    )
    tree = with_reports(tmp_path, text)
    expect_problem(tree, RESPONSE_PATH, "basis: summary", "answers.q1.evidence[0].basis", "needs `seen_in`")


def test_a_name_close_to_a_known_system_warns_but_does_not_fail(tmp_path):
    tree = with_reports(tmp_path)
    tree.edit(REPORT_PATH, "system: Family Risk Model", "system: Family Risk Modle")
    content, problems = tree.load()
    assert problems == []
    assert [(w.field, w.line) for w in content.warnings] == [("findings[0].system", tree.line_of(REPORT_PATH, "Modle"))]
    assert "close to the known name 'Family Risk Model'" in content.warnings[0].message


def test_two_entries_may_not_share_a_name(tmp_path):
    tree = with_reports(tmp_path)
    tree.edit("systems.yaml", "      - FRM\n", "      - FRM\n      - Examplesoft\n")
    expect_problem(
        tree, "systems.yaml", "name: Examplesoft", "suppliers[0].name", "already a name of Family Risk Model"
    )


def test_findings_join_councils_and_systems_but_not_the_foi_figures(tmp_path):
    response = RESPONSE + SYSTEM_IN_REPLY
    tree = with_reports(tmp_path, response)
    content, problems = tree.load()
    assert problems == []
    data = build_dataset(content)
    figures = data.figures()
    assert figures["responses"] == 1 and figures["reports"] == 1
    assert figures["reported_elsewhere"] == 1  # Testshire in use; Exampleton's bins are not predictive
    system = data.systems["family-risk-model"]
    assert [(c.slug, [e.evidence for e in entries]) for c, entries in system.by_council()] == [
        ("testshire", ["news", "reply"])  # oldest first: the 2020 article, then the 2021 reply
    ]
    story = data.councils["testshire"].story()
    assert [(e.kind, e.date) for e in story] == [("report", "2020-05"), ("request", "2021-03-10")]


@pytest.fixture
def site(tmp_path):
    response = RESPONSE.replace(
        "    evidence:\n      - kind: quote\n", "    evidence:\n" + SUMMARY_EVIDENCE + "      - kind: quote\n", 1
    )
    tree = write_project(tmp_path)
    tree.write(REPORT_PATH, REPORT)
    tree.write("systems.yaml", SYSTEMS)
    tree.write(RESPONSE_PATH, response + SYSTEM_IN_REPLY)
    with own_source_date_epoch():
        return build_site(tree.project / "mkdocs.yml", tmp_path / "site")


def test_council_page_shows_reports_apart_and_the_story_oldest_first(site):
    page = read_page(site, "councils/testshire/")
    reported = page.by_id("reported-elsewhere")
    assert reported.find("h2").words() == "Reported elsewhere"
    assert "News report" in reported.words()
    assert reported.find("a", href="https://news.example/testshire-scores-families") is not None
    assert "not FOI answers" in reported.words()
    assert "Children's services" in reported.words()
    story = [li.words() for li in page.by_id("story").iter("li")]
    assert story[0].startswith("May 2020") and "Reported elsewhere" in story[0]
    assert story[1].startswith("10 March 2021 (replied)") and "FOI request" in story[1]
    other = read_page(site, "councils/exampleton/")
    assert "Another service: waste collection" in other.by_id("reported-elsewhere").words()


def test_summary_evidence_says_so_on_the_page(site):
    answer = read_page(site, "councils/testshire/").by_id("test-batch-q1")
    words = answer.words()
    assert "From a summary of the reply" in words
    assert "Test summary of replies" in words and "the reply itself was not read" in words


def test_system_page_joins_reply_and_report(site):
    page = read_page(site, "systems/family-risk-model/")
    section = page.by_id("testshire")
    items = [li.words() for li in section.iter("li")]
    assert "News report" in items[0] and "FOI reply" in items[1]
    assert page.by_id("exampleton") is None


def test_every_reporting_vocabulary_value_has_one_label():
    """The labels the pages show come from one dict; it covers each schema enum exactly."""
    from site_builder import schema
    from site_builder.dataset import REPORTING

    report = schema.schema("report")
    finding = report["$defs"]["finding"]["properties"]
    evidence = schema.schema("response")["$defs"]["answer"]["properties"]["evidence"]["items"]["properties"]
    enums = {
        "kind": report["properties"]["kind"]["enum"],
        "status": finding["status"]["enum"],
        "service": finding["service"]["enum"],
        "basis": evidence["basis"]["enum"],
    }
    assert {name: list(labels) for name, labels in REPORTING.items()} == enums


def test_validate_prints_a_close_name_as_a_warning_and_passes(tmp_path, capsys):
    from site_builder.__main__ import main

    tree = with_reports(tmp_path)
    tree.edit(REPORT_PATH, "system: Family Risk Model", "system: Family Risk Modle")
    assert main(["validate", "--content", str(tree.content)]) == 0
    err = capsys.readouterr().err
    assert f"warning: content/{REPORT_PATH}:" in err and "findings[0].system" in err


def test_a_strict_build_stops_on_a_close_name(tmp_path):
    from mkdocs.exceptions import Abort

    tree = write_project(tmp_path)
    tree.write(REPORT_PATH, REPORT.replace("system: Family Risk Model", "system: Family Risk Modle"))
    tree.write("systems.yaml", SYSTEMS)
    with own_source_date_epoch(), pytest.raises(Abort):
        build_site(tree.project / "mkdocs.yml", tmp_path / "site", strict=True)


def test_findings_download_has_one_row_per_finding_and_is_described(site):
    import csv
    import json

    with (site / "data" / "findings.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["finding_id"], r["council_slug"], r["report_kind"], r["system_slug"]) for r in rows] == [
        ("test-news/2", "exampleton", "news", ""),
        ("test-news/1", "testshire", "news", "family-risk-model"),
    ]
    assert rows[1]["finding_url"].endswith("/councils/testshire/#report-test-news-1")
    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert "findings" in [r["name"] for r in package["resources"]]
    everything = json.loads((site / "data" / "responses.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in everything["reports"]] == ["test-news"]
    council = json.loads((site / "councils" / "testshire.json").read_text(encoding="utf-8"))
    assert [(e["report"]["id"], e["finding"]["system"]) for e in council["reported_elsewhere"]] == [
        ("test-news", "Family Risk Model")
    ]
