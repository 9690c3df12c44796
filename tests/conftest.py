"""Shared set-up: quiet MkDocs, the real site built once, and a valid content tree or project under
each test's tmp_path."""

import os

# Material prints an end-of-life notice for MkDocs 1.x on every import unless this is set.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from factories import Tree, mkdocs_build, write_content, write_project  # noqa: E402


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, built once per test run by `mkdocs build --strict` in a process
    of its own (as a contributor runs it). Tests read it and never change it."""
    return mkdocs_build(tmp_path_factory.mktemp("real") / "site", "1")


@pytest.fixture
def tree(tmp_path) -> Tree:
    """A valid content tree: two councils, one batch, one response."""
    return write_content(tmp_path)


@pytest.fixture
def project(tmp_path) -> Tree:
    """A valid throwaway MkDocs project around the same content tree."""
    return write_project(tmp_path / "project")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/golden/*.html from the pages as built now (review the diff before committing)",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))
