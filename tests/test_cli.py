"""`python -m site_builder validate`, run as a contributor and as CI run it: exit codes and output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from factories import RESPONSE_PATH, Tree, second_response

OTHER, OTHER_TEXT = second_response()
PROBLEM_LINE = re.compile(r"^content/[\w/.-]+\.yaml:\d+: [\w.\[\]()]+: .+$")


def validate(cwd: Path, *args: str, github: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    if github:
        env["GITHUB_ACTIONS"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "site_builder", "validate", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def broken(tree: Tree) -> Tree:
    """Two files with one problem each: an http address, and a misspelt status."""
    tree.edit(
        RESPONSE_PATH,
        "  url: https://foi.example/request/testshire-analytics",
        "  url: http://foi.example/r/1",
    )
    tree.write(OTHER, OTHER_TEXT.replace("status: successful", "status: succesful"))
    return tree


def test_valid_content_exits_0(tree: Tree):
    result = validate(tree.project)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "All records are valid.\n")


def test_problems_exit_1_one_line_each(broken: Tree):
    result = validate(broken.project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert all(PROBLEM_LINE.match(line) for line in lines), lines
    assert [line.split(": ", 2)[:2] for line in lines] == [
        [f"content/{OTHER}:6", "status"],
        [f"content/{RESPONSE_PATH}:4", "request.url"],
    ]
    assert "Did you mean 'successful'?" in lines[0]
    assert result.stderr == "2 problem(s) in 2 file(s).\n"


def test_github_actions_gets_annotations(broken: Tree):
    result = validate(broken.project, github=True)
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        f"::error file=content/{OTHER},line=6::status: expected one of successful, partially_successful, "
        "refused, not_held, withdrawn, awaiting, awaiting_classification, awaiting_clarification, overdue, "
        "published, unknown; found 'succesful'. Did you mean 'successful'?",
        f"::error file=content/{RESPONSE_PATH},line=4::request.url: expected an https:// address; "
        "found 'http://foi.example/r/1'. Use the https:// form of the link.",
    ]


def test_no_annotations_outside_github_actions(broken: Tree):
    assert "::error" not in validate(broken.project).stdout


@pytest.mark.parametrize(
    "target", [f"content/{RESPONSE_PATH}", "content/responses/testshire", "content/responses/testshire/"]
)
def test_a_path_restricts_the_report(broken: Tree, target: str):
    result = validate(broken.project, target)
    assert result.returncode == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [f"content/{RESPONSE_PATH}"]
    assert result.stderr == "1 problem(s) in 1 file(s).\n"


def test_a_path_without_problems_is_valid(broken: Tree):
    result = validate(broken.project, "content/councils.yaml")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "All records are valid.\n")


def test_a_path_that_does_not_exist_is_an_error(broken: Tree):
    result = validate(broken.project, "content/responses/testshre")
    assert result.returncode == 2
    assert "testshre" in result.stderr


def test_missing_content_folder_exits_2(tmp_path: Path):
    result = validate(tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "content: no such folder; run from the repository root or pass --content.\n"


def test_content_option_points_elsewhere(broken: Tree):
    result = validate(broken.project.parent, "--content", str(broken.content))
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 2
