"""What changed in a record, in words: the comparison of two versions (a table), and the history
read from a throwaway git repository in one pass."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from site_builder import changes
from site_builder.changes import Change, Version, describe, record_changes

BASE: dict[str, Any] = {
    "council": "testshire",
    "batch": "test-batch",
    "status": "awaiting",
    "sources": [{"title": "Request page", "url": "https://foi.example/r"}],
}


def version(**fields: Any) -> dict[str, Any]:
    return {**BASE, **fields}


SIX = {f"q{n}": {"coded": "provided", "summary": f"Answer {n}."} for n in range(1, 7)}
ONE = {"q1": SIX["q1"]}


@pytest.mark.parametrize(
    ("before", "after", "words"),
    [
        pytest.param(None, version(), ["new request recorded"], id="new"),
        pytest.param(None, version(answers=ONE), ["new request recorded", "reply transcribed: 1 answer"], id="new+1"),
        pytest.param(version(), version(answers=SIX), ["reply transcribed: 6 answers"], id="transcribed"),
        pytest.param(
            version(), version(status="refused"), ["status changed from awaiting response to refused"], id="status"
        ),
        pytest.param(
            version(answers=ONE),
            version(answers=SIX),
            ["5 more answers transcribed (Q2, Q3, Q4, Q5 and Q6)"],
            id="more",
        ),
        pytest.param(
            version(answers=SIX),
            version(answers={**SIX, "q2": {"coded": "withheld", "summary": "B."}}),
            ["answer to Q2 revised"],
            id="revised",
        ),
        pytest.param(
            version(answers=SIX), version(answers=ONE), ["answers to Q2, Q3, Q4, Q5 and Q6 taken out"], id="out"
        ),
        pytest.param(
            version(),
            version(corrections=[{"kind": "correction", "date": "2024-01-01", "text": "x"}]),
            ["correction added"],
            id="correction",
        ),
        pytest.param(
            version(),
            version(corrections=[{"kind": "right_of_reply", "date": "2024-01-01", "text": "x"}]),
            ["right of reply added"],
            id="right-of-reply",
        ),
        pytest.param(version(), version(dates={"replied": "2021-03-10"}), ["reply date recorded"], id="date"),
        pytest.param(
            version(dates={"replied": "2021-03-10"}),
            version(dates={"replied": "2021-03-11"}),
            ["reply date corrected"],
            id="date-fix",
        ),
        pytest.param(
            version(),
            version(sources=[*BASE["sources"], {"title": "Letter", "url": "https://foi.example/l"}]),
            ["1 source added"],
            id="source",
        ),
        pytest.param(
            version(), version(systems=[{"name": "Power BI", "status": "in_use"}]), ["system named: Power BI"], id="sys"
        ),
        pytest.param(version(), version(council_reference="X-1"), ["details edited"], id="edited"),
        pytest.param(version(), version(status_note="Seen in 2025."), ["note on the status revised"], id="status-note"),
        pytest.param(version(), version(notes="A gap."), ["notes from the editors revised"], id="notes"),
        pytest.param(version(), version(), [], id="unchanged"),
        pytest.param(version(), None, ["record removed"], id="removed"),
        pytest.param(
            version(),
            version(status="successful", answers=SIX),
            ["status changed from awaiting response to successful", "reply transcribed: 6 answers"],
            id="replied",
        ),
    ],
)
def test_describe_says_what_changed(before, after, words):
    assert describe(before, after) == words


def test_one_record_one_day_is_one_change_from_the_first_version_to_the_last():
    texts = ["status: awaiting\n", "status: refused\n", "status: successful\n"]
    versions = [
        Version("2024-01-10T09:00:00+00:00", "content/responses/t/b.yaml", None, "council: t\nbatch: b\n" + texts[0]),
        Version(
            "2024-02-01T09:00:00+00:00",
            "content/responses/t/b.yaml",
            "council: t\nbatch: b\n" + texts[0],
            "council: t\nbatch: b\n" + texts[1],
        ),
        Version(
            "2024-02-01T17:00:00+00:00",
            "content/responses/t/b.yaml",
            "council: t\nbatch: b\n" + texts[1],
            "council: t\nbatch: b\n" + texts[2],
        ),
    ]
    found = record_changes(versions)
    assert [(c.day, c.words) for c in found] == [
        ("2024-02-01", ("status changed from awaiting response to successful",)),
        ("2024-01-10", ("new request recorded",)),
    ]
    assert found[0].council == "t" and found[0].anchor == "b"
    assert found[0].sentence == "Status changed from awaiting response to successful."


def test_a_record_that_does_not_parse_is_an_edit_not_a_failure():
    versions = [Version("2024-01-10T09:00:00+00:00", "content/responses/t/b.yaml", "status: [\n", "status: refused\n")]
    assert record_changes(versions)[0].words == ("details edited",)


# --- From a real, throwaway git repository ------------------------------------------------------


def git(repo: Path, *args: str, date: str = "") -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    settings = ["-c", "user.name=Test", "-c", "user.email=test@register.example", "-c", "commit.gpgsign=false"]
    done = subprocess.run(["git", *settings, *args], cwd=repo, env=env, capture_output=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = tmp_path / "repo"
    records = root / "content" / "responses" / "testshire"
    records.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    steps = [
        ("2024-01-10T09:00:00+00:00", "council: testshire\nbatch: test-batch\nstatus: awaiting\n"),
        ("2024-02-11T09:00:00+00:00", "council: testshire\nbatch: test-batch\nstatus: refused\n"),
        (
            "2024-03-12T09:00:00+00:00",
            "council: testshire\nbatch: test-batch\nstatus: refused\nanswers:\n  q1: {coded: withheld, summary: A}\n"
            "corrections:\n  - {kind: correction, date: 2024-03-12, text: Fixed}\n",
        ),
    ]
    for date, text in steps:
        (records / "test-batch.yaml").write_text(text, encoding="utf-8")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "Subject nobody should read", date=date)
    (root / "README").write_text("not a record\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Not about records", date="2024-04-01T09:00:00+00:00")
    return root


def test_history_is_read_in_words(repo: Path):
    found = changes.read_changes(repo, repo / "content")
    assert found is not None
    assert [(c.day, c.sentence) for c in found] == [
        ("2024-03-12", "Reply transcribed: 1 answer; correction added."),
        ("2024-02-11", "Status changed from awaiting response to refused."),
        ("2024-01-10", "New request recorded."),
    ]
    assert {c.path for c in found} == {"content/responses/testshire/test-batch.yaml"}
    assert all("Subject" not in c.sentence for c in found)


def test_history_is_read_with_two_git_calls_whatever_its_length(repo: Path, monkeypatch):
    calls: list[list[str]] = []
    real = changes._run

    def counting(root: Path, args: list[str], stdin: bytes | None = None) -> bytes | None:
        calls.append(args)
        return real(root, args, stdin)

    monkeypatch.setattr(changes, "_run", counting)
    changes.read_changes(repo, repo / "content")
    assert [args[0] for args in calls] == ["rev-parse", "log", "cat-file"]


def test_outside_git_there_are_no_changes(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "content").mkdir()
    assert changes.read_changes(tmp_path, tmp_path / "content") is None


def test_a_change_reads_as_one_sentence():
    change = Change("2024-01-10", "p", "c", "a", ("new request recorded", "reply transcribed: 2 answers"))
    assert change.sentence == "New request recorded; reply transcribed: 2 answers."


def test_a_shallow_clone_has_no_history_to_compare(repo: Path, tmp_path: Path):
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    assert changes.read_changes(shallow, shallow / "content") is None


def test_a_council_gets_its_own_records_changes_newest_first_and_no_other_councils():
    from types import SimpleNamespace

    from site_builder.context import Site

    def made(date: str, path: str) -> Change:
        return Change(date, path, path.split("/")[2], "b", ("details edited",))

    listed = (
        made("2024-03-01", "content/responses/kent/b.yaml"),
        made("2024-02-01", "content/responses/hull/b.yaml"),
        made("2024-01-15", "content/responses/kent/c.yaml"),
        made("2024-01-01", "content/responses/kent/b.yaml"),
    )
    site = Site(record_changes=listed)
    kent = SimpleNamespace(responses=[SimpleNamespace(source_path=f"content/responses/kent/{b}.yaml") for b in "bc"])
    assert site.changes_to(kent) == [listed[0], listed[2], listed[3]]  # type: ignore[arg-type]
    assert Site().changes_to(kent) == []  # type: ignore[arg-type]
