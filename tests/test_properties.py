"""Property tests: random records, written as a careless or hostile contributor might.

Random text in every field, random YAML scalars (`yes`, `~`, `0012`, `1e3`, dates that are not),
random nesting where a field's value should be, unknown keys, and garbage spliced into the YAML.
Whatever comes in, `validate` answers with problems, never a traceback; and a site built from
whatever validates carries no live markup and no spreadsheet formula.

The examples are derived from a fixed seed (`derandomize`), so every run checks the same ones and
a failure can be reproduced; Hypothesis keeps no database in the repository.
"""

from __future__ import annotations

import copy
import csv
import io
import tempfile
from pathlib import Path
from typing import Any

import yaml
from factories import BATCH, COUNCILS, RESPONSE, RESPONSE_PATH, build_site, html_files, own_source_date_epoch
from factories import write_project as write_project_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_safety import VECTORS, markup_problems, scripts_of

from site_builder import downloads
from site_builder.records import parse_text
from site_builder.validate import load_content

SETTINGS = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Characters that have broken something somewhere: markup, Markdown, YAML, CSV, terminals, XML.
SPECIAL = "<>\"'&=+-@\t\r\n[]()*_`!#\\:{}%|~^$\x00\x07\x1b\x7f\x85\u200b\u202e\u2066\ufeff\ufffe"
SNIPPETS = [
    *VECTORS.values(),
    '=HYPERLINK("https://evil.example")',
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=1",
    "[" * 50,
    "- " * 40,
    "> " * 40,
    "*a_" * 30,
    "\n::error file=x::forged",
    "\x1b[2J",
    "index",
    "cite",
    "]]>",
]
SCALARS = ["yes", "no", "on", "off", "~", "null", "true", "False", "0012", "1e3", "0x1f", "2021-13-45", "", " "]

text = st.one_of(
    st.text(alphabet=st.sampled_from(SPECIAL) | st.characters(codec="utf-8"), max_size=80),
    st.sampled_from(SNIPPETS),
    st.lists(st.sampled_from(SNIPPETS) | st.text(max_size=10), max_size=4).map(" ".join),
)
scalar = st.one_of(text, st.sampled_from(SCALARS), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
nested = st.recursive(
    scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3), max_leaves=8
)


def load(source: str) -> dict[str, Any]:
    doc, problems = parse_text(source, Path("x.yaml"), "x.yaml")
    assert doc is not None, problems
    return doc.data


BASE = {"councils.yaml": load(COUNCILS), "batches/test-batch.yaml": load(BATCH), RESPONSE_PATH: load(RESPONSE)}
# Every text field a contributor fills in, by file.
TEXT_FIELDS = {
    "councils.yaml": [("councils", 0, "name"), ("councils", 0, "notes"), ("councils", 1, "name")],
    "batches/test-batch.yaml": [
        ("title",),
        ("summary",),
        ("notes",),
        ("requester", "name"),
        ("questions", 0, "short"),
        ("questions", 0, "text"),
        ("questions", 3, "short"),
        ("sources", 0, "title"),
    ],
    RESPONSE_PATH: [
        ("request", "title"),
        ("request", "summary"),
        ("status_note",),
        ("council_reference",),
        ("notes",),
        ("answers", "q1", "summary"),
        ("answers", "q1", "evidence", 0, "text"),
        ("answers", "q1", "evidence", 0, "location"),
        ("answers", "q4", "summary"),
        ("sources", 0, "title"),
        ("sources", 0, "note"),
        ("systems", 0, "name"),
        ("systems", 0, "supplier"),
        ("systems", 0, "purpose"),
        ("partnerships", 0, "name"),
        ("partnerships", 0, "partners", 0),
        ("corrections", 0, "text"),
    ],
}
EXTRA = {
    "systems": [{"name": "Tool", "supplier": "Maker", "status": "in_use", "purpose": "Reporting"}],
    "partnerships": [{"name": "Project", "partners": ["Partner"]}],
    "corrections": [{"date": "2021-06-01", "kind": "correction", "text": "Fixed."}],
}
FIELDS = [(name, path) for name, paths in TEXT_FIELDS.items() for path in paths]


def put(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def records(changes: list[tuple[tuple[str, tuple[str | int, ...]], Any]], extra: dict[str, Any]) -> dict[str, Any]:
    files = copy.deepcopy(BASE)
    files[RESPONSE_PATH].update(copy.deepcopy(EXTRA))
    for (name, path), value in changes:
        put(files[name], path, value)
    for key, value in extra.items():
        files[RESPONSE_PATH][key] = value
    return files


def dump(files: dict[str, Any]) -> dict[str, str]:
    return {name: yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200) for name, data in files.items()}


def check_validate(files: dict[str, str]) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "content"
        for name, source in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(source.encode("utf-8", "surrogatepass"))
        _, problems = load_content(root)  # any exception here is a traceback a contributor would see
        shown = [str(p) for p in problems]
        for line in shown:
            assert "\n" not in line and "\x1b" not in line and "\r" not in line, line
            line.encode("utf-8")
        return shown


@SETTINGS
@given(
    changes=st.lists(st.tuples(st.sampled_from(FIELDS), nested), max_size=6),
    extra=st.dictionaries(text, nested, max_size=2),
    splice=st.none() | st.tuples(st.sampled_from(list(BASE)), st.integers(0, 2000), text),
)
def test_validate_never_shows_a_traceback(changes, extra, splice):
    files = dump(records(changes, extra))
    if splice is not None:
        name, at, garbage = splice
        files[name] = files[name][:at] + garbage + files[name][at:]
    check_validate(files)


def unsafe_cells(site: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted((site / "data").glob("*.csv")):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")):
            found += [(path.name, cell) for cell in row if cell.startswith(downloads.FORMULA_STARTS)]
    return found


def build(files: dict[str, str], where: Path) -> Path:
    tree = write_project_files(where, files)
    config = tree.project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - foi_register\n", "  - foi_register:\n      search: false\n"),
        encoding="utf-8",
    )
    with own_source_date_epoch():
        return build_site(config, where / "site")


CLEAN: dict[str, set[tuple[str, str]]] = {}


def theme_scripts() -> set[tuple[str, str]]:
    if not CLEAN:
        with tempfile.TemporaryDirectory() as folder:
            CLEAN["scripts"] = scripts_of(html_files(build(dump(records([], {})), Path(folder))))
    return CLEAN["scripts"]


# Text a record can hold (no control characters), still full of what markup, Markdown and
# spreadsheets read as instructions: most of these records validate, and are built.
PRINTABLE = "<>\"'&=+-@[]()*_`!#\\:{}%|~^$ \n\u00e9\u00df\u0416\u65e5"
valid_text = st.one_of(
    st.text(
        alphabet=st.sampled_from(PRINTABLE) | st.characters(codec="ascii", min_codepoint=32), min_size=1, max_size=60
    ),
    st.sampled_from([s for s in SNIPPETS if s.isprintable() or "\n" in s]),
).filter(lambda t: t.strip() and not any(c in t for c in '<>"'))
any_text = st.tuples(
    st.sampled_from(["", "", "=", "+", "-", "@"]),
    valid_text | st.sampled_from([s for s in SNIPPETS if s.isprintable()]),
).map("".join)


def test_a_site_built_from_whatever_validates_has_no_live_markup_and_no_formula_cell():
    built: list[int] = []

    @settings(SETTINGS, max_examples=10)
    @given(changes=st.lists(st.tuples(st.sampled_from(FIELDS), any_text), min_size=1, max_size=8))
    def run(changes):
        files = dump(records(changes, {}))
        if check_validate(files):
            return  # refused, with problems: nothing is built
        scripts = theme_scripts()
        with tempfile.TemporaryDirectory() as folder:
            site = build(files, Path(folder))
            pages = html_files(site)
            assert {page: found for page, html in pages.items() if (found := markup_problems(html, scripts))} == {}
            assert unsafe_cells(site) == []
        built.append(len(changes))

    run()
    assert len(built) >= 5, "most random records of printable text validate and are built"
