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
from jinja2 import UndefinedError

from site_builder.dataset import council_path
from site_builder.render import environment

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


# --- What every template may rely on -----------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 replies"), (1, "1 reply"), (2, "2 replies"), (11, "11 replies")],
)
def test_plural_filter(count: int, expected: str):
    template = environment().from_string('{{ n }} {{ n | plural("reply", "replies") }}')
    assert template.render(n=count) == expected


@pytest.mark.parametrize(
    "source",
    [
        '{{ STATUSES["no_such_status"] }}',
        '{{ CODED["maybe"] }}',
        "{{ council.no_such_field }}",
        "{{ no_such_variable }}",
    ],
)
def test_a_missing_label_or_attribute_stops_the_build(source: str):
    with pytest.raises(UndefinedError):
        environment().from_string(source).render(council={"name": "Testshire"})


def test_a_missing_value_may_still_be_tested():
    template = environment().from_string("{% if council.part %}part{% else %}{{ council.name or 'none' }}{% endif %}")
    assert template.render(council={"name": "Testshire"}) == "Testshire"


def test_one_shape_for_council_addresses():
    assert council_path("testshire") == "councils/testshire/"
    assert council_path("testshire", "test-batch-q1") == "councils/testshire/#test-batch-q1"
