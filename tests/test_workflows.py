"""The GitHub set-up under .github/: security linters pass, and the rules they cannot see hold.

zizmor runs offline, so these tests never touch the network. Without zizmor or yamllint
installed they are skipped, except in CI (CI=true), where that is a failure.
"""

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
# `uses: owner/repo@<full commit SHA>  # vX.Y.Z`: a tag can be moved, a commit cannot.
PINNED_USES = re.compile(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40}\s+# v\d+(\.\d+)*$")


def command(name: str) -> list[str]:
    """How to run a linter from the test extras: as a module, beside this Python, or on PATH."""
    if importlib.util.find_spec(name):
        return [sys.executable, "-m", name]
    beside_python = Path(sys.executable).with_name(name)
    found = str(beside_python) if beside_python.exists() else shutil.which(name)
    if found:
        return [found]
    reason = f"{name} is not installed; run: python -m pip install -e '.[test]'"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    # PyYAML reads the bare key `on` as the boolean True (YAML 1.1); GitHub reads it as "on".
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def run_text(workflow: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


def run(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


def test_zizmor_finds_nothing():
    # .github rather than .github/workflows, so dependabot.yml is audited too.
    zizmor = [*command("zizmor"), "--offline", "--persona=pedantic"]
    result = run([*zizmor, "--format", "json", ".github"])
    findings = json.loads(result.stdout or "[]")
    if result.returncode or findings:
        report = run([*zizmor, ".github"])  # the readable form, with file, line and advice
        pytest.fail(f"zizmor exited {result.returncode}:\n{report.stdout}{result.stderr}")


def test_yamllint_passes():
    config = ".github/yamllint.yml"
    result = run([*command("yamllint"), "--strict", "--format", "parsable", "-c", config, ".github"])
    assert result.returncode == 0, result.stdout + result.stderr


def test_both_workflows_exist():
    assert {path.name for path in WORKFLOWS} >= {"pr.yml", "deploy.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_workflow_grants_nothing_by_default_and_each_job_is_bounded(path):
    workflow = load(path)
    assert workflow["permissions"] == {}
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"job {name} must declare its own permissions"
        assert "timeout-minutes" in job, f"job {name} needs timeout-minutes"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path):
    lines = [line.strip().removeprefix("- ") for line in path.read_text(encoding="utf-8").splitlines()]
    uses = [line for line in lines if line.startswith("uses:")]
    assert uses
    assert [line for line in uses if not PINNED_USES.fullmatch(line)] == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_checkouts_keep_no_credentials_and_fetch_full_history(path):
    checkouts = [step for step in steps(load(path)) if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert step["with"]["persist-credentials"] is False
        assert step["with"]["fetch-depth"] == 0  # "last updated" dates come from git history


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_untrusted_code_never_gets_the_repository_token(path):
    workflow = load(path)
    assert "pull_request_target" not in workflow["on"]
    # Values reach scripts through env:, never pasted into the script by ${{ }}.
    assert "${{" not in run_text(workflow)


def test_pull_requests_run_the_project_checks():
    workflow = load(GITHUB / "workflows" / "pr.yml")
    assert set(workflow["on"]) == {"pull_request", "workflow_dispatch"}
    commands = run_text(workflow)
    for expected in ("python -m site_builder validate", "python -m pytest", "mkdocs build --strict"):
        assert expected in commands


def test_deploy_publishes_main_to_pages_one_run_at_a_time():
    workflow = load(GITHUB / "workflows" / "deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    assert "mkdocs build --strict" in run_text(workflow)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_container_image_is_pinned_by_digest(path):
    images = [job["container"]["image"] for job in load(path)["jobs"].values() if "container" in job]
    for image in images:
        assert re.fullmatch(r"[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}", image), image
    if path.name == "pr.yml":
        assert images, "the test job runs in a Debian container"


def test_deploy_runs_only_from_main_even_when_started_by_hand():
    workflow = load(GITHUB / "workflows" / "deploy.yml")
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["jobs"]["deploy"]["if"] == "github.ref == 'refs/heads/main'"
