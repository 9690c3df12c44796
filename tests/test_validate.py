"""What the records say: schema rules and the rules that span records, each reported where it is."""

from __future__ import annotations

import json
import logging

import pytest
from factories import (
    RESPONSE_PATH,
    Tree,
    build_site,
    edit,
    expect_problem,
    move,
    own_source_date_epoch,
    problem_case,
    second_response,
)
from mkdocs.exceptions import Abort

R = RESPONSE_PATH
COPY = "responses/testshire/test-batch-again.yaml"
Q4_EVIDENCE = (
    "    evidence:\n      - kind: paraphrase\n        text: There are no briefing notes.\n"
    "        location: Reply letter, answer 4\n"
)
USE_MAPPING = "      data_analytics: yes\n      predictive_analytics: no\n      artificial_intelligence: no"

PROBLEMS = [
    problem_case(
        "impossible-date",
        edit(R, "replied: 2021-03-10", "replied: 2021-02-30"),
        at="replied:",
        field="dates.replied",
        phrase="'2021-02-30' is not a real date",
    ),
    problem_case(
        "future-date",
        edit(R, "internal_review: 2021-04-20", "internal_review: 2099-04-20"),
        at="internal_review:",
        field="dates.internal_review",
        phrase="2099-04-20 is in the future",
    ),
    problem_case(
        "reply-before-sending",
        edit(R, "replied: 2021-03-10", "replied: 2021-02-01"),
        at="replied:",
        field="dates.replied",
        phrase="the reply (2021-02-01) is dated before the request was sent (2021-02-11)",
    ),
    problem_case(
        "review-before-reply",
        edit(R, "internal_review: 2021-04-20", "internal_review: 2021-03-01"),
        at="internal_review:",
        field="dates.internal_review",
        phrase="the internal review (2021-03-01) is dated before the reply (2021-03-10)",
    ),
    problem_case(
        "http-url",
        edit(R, "url: https://foi.example/request/", "url: http://foi.example/request/"),
        at="http:",
        field="request.url",
        phrase="expected an https:// address",
    ),
    problem_case(
        "misspelt-field",
        edit(R, "    summary: No briefing", "    sumary: No briefing"),
        at="sumary:",
        field="answers.q4.sumary",
        phrase="unknown field 'sumary'; did you mean 'summary'?",
    ),
    problem_case(
        "unknown-council",
        edit(R, "council: testshire", "council: testshir"),
        at="council:",
        field="council",
        phrase="no council 'testshir' in content/councils.yaml. Did you mean 'testshire'?",
    ),
    problem_case(
        "unknown-batch",
        edit(R, "batch: test-batch", "batch: test-bach"),
        at="batch:",
        field="batch",
        phrase="no batch 'test-bach' in content/batches/. Did you mean 'test-batch'?",
    ),
    problem_case(
        "unknown-question",
        edit(R, "  q4:", "  q7:"),
        at="q7:",
        field="answers.q7",
        phrase="batch 'test-batch' has no question 'q7'; its questions are q1, q2, q3, q4.",
    ),
    problem_case(
        "two-records-one-council-and-batch",
        lambda tree: tree.write(COPY, tree.path(R).read_text(encoding="utf-8")),
        at="batch:",
        field="batch",
        phrase=f"a second record for testshire in batch test-batch (the first is content/{COPY})",
    ),
    problem_case(
        "folder-disagrees-with-council",
        move(R, "responses/exampleton/test-batch.yaml"),
        file="responses/exampleton/test-batch.yaml",
        at="council:",
        field="council",
        phrase="expected 'exampleton' (the folder name); found 'testshire'",
    ),
    problem_case(
        "file-name-disagrees-with-batch",
        move(R, "responses/testshire/other-batch.yaml"),
        file="responses/testshire/other-batch.yaml",
        at="batch:",
        field="batch",
        phrase="expected the file to be named 'test-batch.yaml'; found 'other-batch.yaml'",
    ),
    problem_case(
        "coded-answer-without-evidence",
        edit(R, Q4_EVIDENCE, ""),
        at="q4:",
        field="answers.q4",
        phrase="a coded answer needs `evidence`",
    ),
    problem_case(
        "documents-question-given-per-kind-mapping",
        edit(R, "    coded: none_held", "    coded:  # per kind\n" + USE_MAPPING),
        at="# per kind",
        field="answers.q4.coded",
        phrase="q4 asks for documents: expected one of provided, none_held, withheld, not_stated; found a mapping.",
    ),
    problem_case(
        "documents-question-given-yes",
        edit(R, "    coded: none_held", "    coded: yes"),
        at="coded: yes",
        field="answers.q4.coded",
        phrase="expected one of provided, none_held, withheld, not_stated",
    ),
]


@pytest.mark.parametrize(("damage", "name", "at", "field", "phrase"), PROBLEMS)
def test_problem_is_reported_where_it_is(tree: Tree, damage, name, at, field, phrase):
    damage(tree)
    expect_problem(tree, name, at, field, phrase)


def test_valid_tree_has_no_problems(tree: Tree):
    tree.write(*second_response())
    content, problems = tree.load()
    assert problems == []
    assert [doc.display for doc in content.responses] == [
        "content/responses/exampleton/test-batch.yaml",
        "content/responses/testshire/test-batch.yaml",
    ]


def break_several_files(tree: Tree) -> list[tuple[str, str, str]]:
    """Damage four files, reading order differing from sorted order; return (file, text on the line,
    field) of each problem, in the order a contributor should see them."""
    other, text = second_response()
    tree.write(other, text.replace("status: successful", "status: successful\nstatsu_note: x"))
    tree.edit("councils.yaml", "nation: england", "nation: englnd")
    tree.edit(
        "batches/test-batch.yaml",
        "    wording: verbatim\n    answer_kind: use\n    period: past",
        "    wording: exact\n    answer_kind: use\n    period: past",
    )
    tree.edit(R, "  url: https://foi.example/request/testshire-analytics", "  url: http://foi.example/request/1")
    tree.edit(R, "replied: 2021-03-10", "replied: 2021-02-01")
    tree.edit(R, "kind: paraphrase", "kind: paraphrased")
    return [
        ("batches/test-batch.yaml", "wording: exact", "questions[0].wording"),
        ("councils.yaml", "nation: englnd", "councils[0].nation"),
        (other, "statsu_note", "statsu_note"),
        (R, "http:", "request.url"),
        (R, "replied:", "dates.replied"),
        (R, "paraphrased", "answers.q4.evidence[0].kind"),
    ]


def test_every_problem_in_every_file_is_reported_in_one_run_sorted(tree: Tree):
    expected = break_several_files(tree)
    found = [(p.path, p.line, p.field) for p in tree.problems()]
    assert found == [(tree.display(name), tree.line_of(name, at), field) for name, at, field in expected]
    assert len(found) == 6
    assert found == sorted(found)


def test_build_stops_and_logs_every_problem(project: Tree, caplog):
    expected = break_several_files(project)
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(project.project / "mkdocs.yml", project.project / "site")
    errors = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    assert "6 problem(s) in the records; nothing was built" in errors
    for name, at, field in expected:
        assert f"  {project.display(name)}:{project.line_of(name, at)}: {field}: " in errors
    assert not (project.project / "site" / "councils").exists()


def test_valid_project_builds_strictly_without_warnings(project: Tree, caplog):
    with caplog.at_level(logging.WARNING):
        site = build_site(project.project / "mkdocs.yml", project.project / "site")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    page = (site / "councils" / "testshire" / "index.html").read_text(encoding="utf-8")
    assert 'id="test-batch-q1"' in page and 'id="test-batch-q4"' in page
    assert (site / "councils" / "exampleton" / "index.html").is_file()


def test_too_long_partner_name_is_reported(project: Tree):
    """A name longer than a page title can carry is a problem on its own line, not a traceback."""
    name = "Testshire Children and Families Data Partnership " * 6
    project.edit(R, "answers:", f"partnerships:\n  - name: Test partnership\n    partners:\n      - {name}\nanswers:")
    expect_problem(project, R, name.strip(), "partnerships[0].partners[0]", "at most 120 characters")


def test_longest_partner_name_builds_with_a_short_page_address(project: Tree):
    """A name at the limit builds, and its supplier page gets a slug short enough for a file name."""
    name = ("Testshire Children and Families Data Partnership " * 3)[:120].strip()
    project.edit(R, "answers:", f"partnerships:\n  - name: Test partnership\n    partners:\n      - {name}\nanswers:")
    assert project.problems() == []
    with own_source_date_epoch():
        site = build_site(project.project / "mkdocs.yml", project.project / "site")
    pages = [p.parent.name for p in (site / "suppliers").glob("*/index.html")]
    assert len(pages) == 1 and len(pages[0]) <= 60, pages
    assert name in (site / "suppliers" / pages[0] / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("character", ["<", ">", '"'])
@pytest.mark.parametrize(
    ("name", "old", "field"),
    [
        ("councils.yaml", "name: Testshire County Council", "councils[0].name"),
        ("batches/test-batch.yaml", "title: Analytics in children's services (test batch)", "title"),
        (R, "title: Analytics in children's services (test request)", "request.title"),
    ],
    ids=["council-name", "batch-title", "request-title"],
)
def test_markup_characters_are_kept_out_of_names(tree: Tree, character: str, name: str, old: str, field: str):
    """Names and titles become page titles and metadata, which Material does not escape."""
    key, value = old.split(": ", 1)
    edit(name, old, f"{key}: {json.dumps(f'{value} {character}b{character}')}")(tree)
    expect_problem(tree, name, f'{key}: "', field, 'must not contain <, > or "')
