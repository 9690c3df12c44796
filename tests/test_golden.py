"""What the templates render, pinned: the main content of three generated pages of a test project,
compared with the expected HTML in `tests/golden/` after normalising white space.

A change to what a page says or how it is marked up fails here. When the change is intended,
refresh the expected files and review their diff before committing:

    .venv/bin/python -m pytest tests/test_golden.py --update-goldens
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from factories import FOUR_COUNCILS, build_site, own_source_date_epoch, write_project

GOLDEN = Path(__file__).parent / "golden"
PAGES = {
    "council.html": "councils/testshire/index.html",
    "compare-question.html": "compare/test-batch/q1/index.html",
    "coverage.html": "coverage/index.html",
}
_ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.DOTALL)


def normalise(html: str) -> str:
    """The page's article, white space collapsed, one tag boundary a line so diffs read well."""
    match = _ARTICLE.search(html)
    assert match, "no <article> in the page"
    text = " ".join(match.group(1).split())
    return re.sub(r">\s*<", ">\n<", text).strip() + "\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("golden")
    project = write_project(base / "project", FOUR_COUNCILS)
    with own_source_date_epoch():
        return build_site(project.project / "mkdocs.yml", base / "site")


@pytest.mark.parametrize("golden", sorted(PAGES))
def test_page_matches_golden(site: Path, golden: str, update_goldens: bool):
    actual = normalise((site / PAGES[golden]).read_text(encoding="utf-8"))
    path = GOLDEN / golden
    if update_goldens:
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert path.is_file(), f"no {path}; create it with --update-goldens"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{PAGES[golden]} differs from {path}; if intended, rerun with --update-goldens"
