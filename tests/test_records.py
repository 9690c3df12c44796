"""How a record file is read: YAML's traps either mean what the contributor meant or are reported.

Every problem is checked as a contributor sees it, `path:line: field: message`: the file, the line
it is on, the field, and a phrase of the message that tells them what to do.
"""

from __future__ import annotations

import pytest
from factories import RESPONSE, RESPONSE_PATH, Tree, edit, expect_problem, problem_case, write

from site_builder.records import read_document

R = RESPONSE_PATH

# A "billion laughs" document: nine levels of nine aliases, 9**9 strings if anything expanded it.
LAUGHS = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{new}: &{new} [{', '.join([f'*{old}'] * 9)}]\n" for old, new in zip("abcdefgh", "bcdefghi", strict=True)
)

READ_AS_MEANT = [
    pytest.param(lambda text: text.replace("  ", "\t").encode(), id="tabs-for-indentation"),
    pytest.param(lambda text: text.replace("    ", "\t").encode(), id="tabs-mixed-with-spaces"),
    pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode(), id="utf8-byte-order-mark"),
    pytest.param(lambda text: text.replace("\n", "\r\n").encode(), id="crlf-line-ends"),
]


@pytest.mark.parametrize("transform", READ_AS_MEANT)
def test_editor_habits_read_as_meant(tree: Tree, transform):
    tree.write(R, transform(RESPONSE))
    doc, problems = read_document(tree.path(R))
    expected, _ = read_document(tree.write("../expected.yaml", RESPONSE))  # beside content/, not in it
    assert problems == []
    assert doc is not None and doc.data == expected.data
    assert tree.problems() == []


@pytest.mark.parametrize(
    ("written", "read"),
    [("0012345", "0012345"), ("19724857", "19724857"), ("1_234", "1_234"), ("1234.50", "1234.50")],
)
def test_numbers_stay_as_written(tree: Tree, written: str, read: str):
    """No record field is numeric: an unquoted reference keeps its leading zeros and separators."""
    edit(R, 'council_reference: "TEST-0001"', f"council_reference: {written}")(tree)
    doc, problems = read_document(tree.path(R))
    assert problems == [] and tree.problems() == []
    assert doc.data["council_reference"] == read


def test_an_unused_anchor_is_harmless(tree: Tree):
    edit(R, "  replied: 2021-03-10", "  replied: &reply 2021-03-10")(tree)
    assert tree.problems() == []


def test_yes_and_no_stay_words(tree: Tree):
    """YAML 1.1 reads `yes`/`no` as booleans; a record means the words."""
    doc, problems = read_document(tree.path(R))
    assert problems == []
    assert doc.data["answers"]["q1"]["coded"] == {
        "data_analytics": "yes",
        "predictive_analytics": "no",
        "artificial_intelligence": "no",
    }


PROBLEMS = [
    problem_case(
        "duplicate-key",
        edit(R, "status: successful\n", "status: successful\nstatus: refused\n"),
        at="status: refused",
        field="status",
        phrase="duplicate key 'status' (first given on line 6)",
    ),
    problem_case(
        "on-in-coded-field",
        edit(R, "data_analytics: yes", "data_analytics: on"),
        at="data_analytics: on",
        field="answers.q1.coded.data_analytics",
        phrase="found 'on'. Write `yes` or `no`.",
    ),
    problem_case(
        "off-in-coded-field",
        edit(R, "predictive_analytics: no", "predictive_analytics: off"),
        at="predictive_analytics: off",
        field="answers.q1.coded.predictive_analytics",
        phrase="found 'off'. Write `yes` or `no`.",
    ),
    problem_case(
        "true-in-coded-field",
        edit(R, "artificial_intelligence: no", "artificial_intelligence: true"),
        at="artificial_intelligence: true",
        field="answers.q1.coded.artificial_intelligence",
        phrase="found the boolean true. Write `yes` or `no`.",
    ),
    problem_case(
        "not-utf8",
        write(R, RESPONSE.replace("(test request)", "(test request \u00e9)").encode("latin-1")),
        at="(test request",
        field="",
        phrase="expected UTF-8 text; found byte 0xe9",
    ),
    problem_case("empty-file", write(R, ""), at=1, field="", phrase="file is empty"),
    problem_case(
        "comment-only",
        write(R, "# Testshire: to do\n\n# nothing yet\n"),
        at=1,
        field="",
        phrase="file is empty",
    ),
    problem_case(
        "over-1-MB",
        write(R, RESPONSE + "notes: >-\n" + ("  " + "x" * 98 + "\n") * 10_001),
        at=1,
        field="",
        phrase="a record may be at most 1,000,000",
    ),
    problem_case(
        "alias",
        edit(R, "  replied: 2021-03-10\n", "  replied: &reply 2021-03-10\n  internal_review: *reply\n"),
        at="*reply",
        field="dates.internal_review",
        phrase="YAML aliases (`*name`) are not allowed",
    ),
    problem_case(
        "several-documents",
        edit(R, "answers:", "---\nanswers:"),
        at="---",
        field="",
        phrase="expected a single document in the stream but found another document",
    ),
    problem_case(
        "syntax-error",
        edit(R, "title: Analytics in children's services (test request)", "title: Analytics: children"),
        at="title: Analytics:",
        field="",
        phrase="mapping values are not allowed in this context. A value containing `: ` must be quoted",
    ),
]


@pytest.mark.parametrize(("damage", "name", "at", "field", "phrase"), PROBLEMS)
def test_problem_is_reported_where_it_is(tree: Tree, damage, name, at, field, phrase):
    damage(tree)
    expect_problem(tree, name, at, field, phrase)


def test_billion_laughs_is_refused_at_the_first_alias(tree: Tree):
    """Nothing is expanded: the loader stops at the first alias it meets."""
    tree.write(R, LAUGHS)
    problems = tree.problems()
    assert [(p.path, p.field) for p in problems] == [(tree.display(R), "b[0]")]
    assert "YAML aliases (`*name`) are not allowed" in problems[0].message


def test_a_leading_document_marker_is_one_document(tree: Tree):
    tree.write(R, "---\n" + RESPONSE)
    assert tree.problems() == []


def test_workers_fork_only_in_a_program_without_threads(monkeypatch):
    import threading

    from site_builder import records

    monkeypatch.setattr(records.threading, "active_count", lambda: 1)
    assert records._start_method() == "fork"
    monkeypatch.undo()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert records._start_method() == "spawn"  # forking could copy a lock another thread holds
    finally:
        stop.set()
        other.join()


def test_records_read_by_workers_are_read_as_in_order(tmp_path, monkeypatch):
    """Forked workers find the same data and the same problems, at the same lines, as one process."""
    from site_builder import records

    paths = []
    for i in range(12):
        path = tmp_path / f"r{i}.yaml"
        text = (
            f"id: r{i}\nitems:\n  - true\n  - 00{i}\n"
            + ("note: a\u202eb\n" if i % 3 == 0 else "")
            + ("id: twice\n" if i % 4 == 0 else "")
        )
        path.write_text(text, encoding="utf-8")
        paths.append(path)

    in_order = list(map(read_document, paths))
    monkeypatch.setattr(records, "PARALLEL_FROM", 1)
    with records.mapped(read_document, paths) as results:
        assert list(results) == in_order
    found = [(p.path, p.line, p.field) for _, problems in in_order for p in problems]
    assert (str(paths[3]), 5, "note") in found and (str(paths[4]), 5, "id") in found
