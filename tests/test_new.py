"""`python -m site_builder new <council> <batch>`, run as a contributor runs it: the skeleton it
writes, what it refuses, what `validate` says about the skeleton, and the site once it is filled in.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from factories import REPO, Tree, build_site, own_source_date_epoch, read_page

from site_builder.records import read_document
from site_builder.skeleton import HEADER
from site_builder.validate import load_content

MODELINE = "# yaml-language-server: $schema="
NEW = "responses/exampleton/test-batch.yaml"  # in the throwaway project: Exampleton has no record yet
QUESTIONS = ["q1", "q2", "q3", "q4"]  # the test batch: q1, q2 use; q3 text; q4 documents
REAL, _ = load_content(REPO / "content")
REAL_BATCHES = {doc.data["id"]: doc.data for doc in REAL.batches}


def site_builder(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m site_builder …` in `cwd`, using the package beside these tests."""
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "site_builder", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def new(tree: Tree, council: str = "exampleton", batch: str = "test-batch") -> subprocess.CompletedProcess[str]:
    return site_builder(tree.project, "new", council, batch)


def problem_lines(output: str) -> list[tuple[str, int, str, str]]:
    """`path:line: field: message` lines as (path, line, field, message)."""
    found = []
    for line in output.splitlines():
        match = re.fullmatch(r"([^:]+):(\d+): ([^:]+): (.+)", line)
        assert match, line
        found.append((match[1], int(match[2]), match[3], match[4]))
    return found


def empty_fields(questions: list[str]) -> set[str]:
    """What a contributor must fill in (or delete) in an untouched skeleton."""
    per_answer = ("summary", "evidence[0].text", "evidence[0].location")
    return {"request.url", "sources[0].title", "sources[0].url"} | {
        f"answers.{q}.{name}" for q in questions for name in per_answer
    }


def line_of_field(text: str, field: str) -> int:
    """The 1-based line where a dotted field stands in a skeleton: each key looked for after the
    line of its parent (`answers.q2.summary` is the first `summary:` after `q2:` after `answers:`)."""
    lines = text.splitlines()
    at = 0
    for key in re.findall(r"[a-z_]\w*", field):
        at = next(i for i in range(at, len(lines)) if lines[i].strip().removeprefix("- ").startswith(f"{key}:"))
    return at + 1


# --- What `new` writes --------------------------------------------------------------------------


def test_new_writes_a_skeleton_with_every_question(project: Tree):
    result = new(project)
    assert result.returncode == 0, result.stderr
    assert f"content/{NEW}" in result.stdout
    text = project.path(NEW).read_text(encoding="utf-8")
    assert text.splitlines()[0] == HEADER.strip()
    assert HEADER.startswith(MODELINE)
    doc, problems = read_document(project.path(NEW))
    assert doc is not None, problems
    assert (doc.data["council"], doc.data["batch"]) == ("exampleton", "test-batch")
    assert list(doc.data["answers"]) == QUESTIONS
    answers = doc.data["answers"]
    assert set(answers["q1"]["coded"]) == {"data_analytics", "predictive_analytics", "artificial_intelligence"}
    assert answers["q4"]["coded"] == "not_stated"
    assert "coded" not in answers["q3"], "a text question is not coded"


def test_the_modeline_points_at_the_response_schema():
    """The editor resolves the schema from the record's folder, content/responses/<council>/."""
    relative = HEADER.strip().removeprefix(MODELINE)
    target = (REPO / "content" / "responses" / "westminster" / relative).resolve()
    assert target == (REPO / "site_builder" / "schemas" / "response.schema.json").resolve()
    assert target.is_file()


@pytest.mark.parametrize("batch_id", REAL_BATCHES)
def test_new_covers_every_question_of_each_real_batch(tmp_path: Path, batch_id: str):
    shutil.copytree(REPO / "content", tmp_path / "content")
    tree = Tree(tmp_path / "content")
    council = next(
        entry["slug"]
        for entry in REAL.councils.data["councils"]
        if not tree.path(f"responses/{entry['slug']}/{batch_id}.yaml").exists()
    )
    result = new(tree, council, batch_id)
    assert result.returncode == 0, result.stderr
    name = f"responses/{council}/{batch_id}.yaml"
    text = tree.path(name).read_text(encoding="utf-8")
    assert text.splitlines()[0] == HEADER.strip()
    questions = [q["id"] for q in REAL_BATCHES[batch_id]["questions"]]
    assert list(read_document(tree.path(name))[0].data["answers"]) == questions
    problems = problem_lines(site_builder(tree.project, "validate").stdout)
    assert {path for path, *_ in problems} == {f"content/{name}"}, "only the new record has problems"
    assert {fld for _, _, fld, _ in problems} == empty_fields(questions)


def test_new_refuses_to_overwrite(project: Tree):
    assert new(project).returncode == 0
    project.edit(NEW, 'notes: ""', "notes: Work in progress.")
    before = project.path(NEW).read_bytes()
    again = new(project)
    assert again.returncode == 1
    assert "exists already" in again.stderr and again.stdout == ""
    assert project.path(NEW).read_bytes() == before


def test_new_refuses_to_overwrite_a_finished_record(project: Tree):
    before = project.path("responses/testshire/test-batch.yaml").read_bytes()
    result = new(project, "testshire")
    assert result.returncode == 1
    assert project.path("responses/testshire/test-batch.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("council", "batch", "hint"),
    [
        ("exampletn", "test-batch", "no council 'exampletn' in content/councils.yaml. Did you mean 'exampleton'?"),
        ("exampleton", "test-btch", "no batch 'test-btch' in content/batches/. Did you mean 'test-batch'?"),
    ],
    ids=["council", "batch"],
)
def test_an_unknown_name_gets_did_you_mean(project: Tree, council: str, batch: str, hint: str):
    result = new(project, council, batch)
    assert (result.returncode, result.stdout, result.stderr.strip()) == (1, "", hint)
    assert sorted(p.relative_to(project.content).as_posix() for p in project.path("responses").rglob("*.yaml")) == [
        "responses/testshire/test-batch.yaml"
    ]


# --- `validate` on the skeleton ----------------------------------------------------------------


def test_validate_lists_the_empty_fields_of_an_untouched_skeleton(project: Tree):
    assert new(project).returncode == 0
    result = site_builder(project.project, "validate")
    assert result.returncode == 1
    problems = problem_lines(result.stdout)
    assert {fld for _, _, fld, _ in problems} == empty_fields(QUESTIONS)
    assert len(problems) == len(empty_fields(QUESTIONS)), "each once"
    text = project.path(NEW).read_text(encoding="utf-8")
    for path, line, fld, message in problems:
        assert path == f"content/{NEW}"
        assert line == line_of_field(text, fld), (fld, message)
    assert result.stderr == f"{len(problems)} problem(s) in 1 file(s).\n"


# --- Filled in, as the contribute page says ------------------------------------------------------


def delete_answer(text: str, qid: str) -> str:
    """Remove one answer block (`  q2:` up to the next answer or top-level field)."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"  {qid}:"))
    end = next(i for i in range(start + 1, len(lines)) if re.match(r"  q\d+:|\S", lines[i]))
    return "".join(lines[:start] + lines[end:])


# Each replaces the first place its text still stands, so the answers are filled in in order (q1, q4).
FILL_IN = [
    (
        '  - title: ""\n    url: ""',
        "  - title: Exampleton reply letter (test)\n    url: https://foi.example/letters/exampleton.pdf",
    ),
    ('\n  url: ""', "\n  url: https://foi.example/request/exampleton-analytics"),
    ('\n  title: ""', "\n  title: Analytics in children's services (Exampleton)"),
    ("status: unknown", "status: successful"),
    ("dates: {}", "dates:\n  sent: 2021-02-11\n  replied: 2021-03-02"),
    ("      data_analytics: not_stated", "      data_analytics: yes"),
    ("      predictive_analytics: not_stated", "      predictive_analytics: no"),
    ('    summary: ""', "    summary: Exampleton uses performance dashboards, and no predictive analytics."),
    ('        text: ""', "        text: We use dashboards to report on performance."),
    ('        location: ""', "        location: Reply letter, answer 1"),
    ("    coded: not_stated", "    coded: provided"),
    ('    summary: ""', "    summary: Exampleton sent its dashboard guide."),
    ('        text: ""', "        text: The council attached its guide to the dashboards."),
    ('        location: ""', "        location: Reply letter, answer 4"),
    (
        "# transcription: {by: your name or handle, date: 2026-01-31}",
        "transcription: {by: Test Contributor, date: 2021-04-01}",
    ),
]


def fill_in(text: str) -> str:
    """What a contributor does: delete the answers not transcribed (q2, q3), fill in the rest."""
    for qid in ("q2", "q3"):
        text = delete_answer(text, qid)
    for old, new_text in FILL_IN:
        assert old in text, old
        text = text.replace(old, new_text, 1)
    return text


def test_a_filled_in_skeleton_validates_and_is_built(project: Tree, tmp_path: Path):
    assert new(project).returncode == 0
    project.write(NEW, fill_in(project.path(NEW).read_text(encoding="utf-8")))
    result = site_builder(project.project, "validate")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "All records are valid.\n")
    with own_source_date_epoch():
        site = build_site(project.project / "mkdocs.yml", tmp_path / "site")
    page = read_page(site, "councils/exampleton/")
    request = page.by_id("test-batch")
    assert request is not None and request.attrs["data-far-status"] == "successful"
    assert "Exampleton reply letter (test)" in request.by_id("test-batch-sources").next_element().words()
    shown = {
        qid: [c for s in page.by_id(f"test-batch-{qid}").iter("span", cls="far-value") for c in s.classes[1:]]
        for qid in ("q1", "q4")
    }
    assert shown == {
        "q1": ["far-value--yes", "far-value--no", "far-value--not_stated"],
        "q4": ["far-value--provided"],
    }
    assert "performance dashboards" in page.by_id("test-batch-q1").words()
    for qid in ("q2", "q3"):
        assert "far-answer--missing" in page.by_id(f"test-batch-{qid}").classes, qid
    assert "2 of 4 answers transcribed." in request.words()
