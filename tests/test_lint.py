"""Lint, format and types: the same ruff and mypy checks a reviewer would run, as part of the one test
command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["site_builder", "tests", "bench"]


def _ruff() -> list[str]:
    beside = Path(sys.executable).with_name("ruff")
    found = str(beside) if beside.exists() else shutil.which("ruff")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("ruff is not installed; `pip install -e '.[test]'` brings it")
        pytest.skip("ruff is not installed; `pip install -e '.[test]'` brings it")
    return [found]


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["check", "format"])
def test_ruff(command: list[str]):
    paths = [p for p in PATHS if (ROOT / p).exists()]
    done = subprocess.run([*_ruff(), *command, *paths], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy():
    """The type checker runs clean on site_builder/ (configured in pyproject.toml)."""
    beside = Path(sys.executable).with_name("mypy")
    if not beside.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("mypy is not installed; `pip install -e '.[test]'` brings it")
        pytest.skip("mypy is not installed; `pip install -e '.[test]'` brings it")
    done = subprocess.run([str(beside)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_test_module_has_a_name_of_its_own():
    """pytest imports test modules by their bare name (the folders have no __init__.py), so two
    files of one name in different folders stop the whole run at collection."""
    names: dict[str, list[str]] = {}
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        names.setdefault(path.name, []).append(str(path.relative_to(ROOT)))
    assert {name: paths for name, paths in names.items() if len(paths) > 1} == {}
