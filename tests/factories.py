"""Small, clearly fake records and whole throwaway MkDocs projects, written under a test's tmp_path.

The records are YAML text rather than dumped data, so each test sees exactly the lines a
contributor would write and can assert the line a problem is reported on. Nothing here names a
real authority or request: the councils are "Testshire" and "Exampleton", and every address is
under `.example`.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from site_builder.records import Problem
from site_builder.validate import Content, load_content

REPO = Path(__file__).resolve().parents[1]
# A fixed "today", so the dates below stay in the past and "future" means the same every year.
TODAY = dt.date(2025, 6, 1)

COUNCILS = """\
councils:
  - slug: testshire
    name: Testshire County Council
    nation: england
    region: south_east
    type: county
    gss_code: null
  - slug: exampleton
    name: Exampleton Borough Council
    nation: wales
    region: null
    type: welsh_principal_area
"""

BATCH = """\
id: test-batch
title: Analytics in children's services (test batch)
requester:
  name: Test Requester
  kind: researcher
  basis: seen
sent: 2021-02-11
sources:
  - title: Test batch page
    url: https://foi.example/batch/test-batch
questions:
  - id: q1
    short: Used in the past
    text: Has the council used data analytics, predictive analytics or AI?
    wording: verbatim
    answer_kind: use
    period: past
  - id: q2
    short: Using now
    text: Is the council using them now?
    wording: verbatim
    answer_kind: use
    period: present
  - id: q3
    text: Describe the systems.
    wording: own_words
    answer_kind: text
  - id: q4
    short: Briefings
    text: Any briefing notes or reports?
    wording: verbatim
    answer_kind: documents
"""

RESPONSE = """\
council: testshire
batch: test-batch
request:
  url: https://foi.example/request/testshire-analytics
  title: Analytics in children's services (test request)
status: successful
dates:
  sent: 2021-02-11
  replied: 2021-03-10
  internal_review: 2021-04-20
council_reference: "TEST-0001"
sources:
  - title: Testshire reply letter (test)
    url: https://foi.example/letters/testshire-analytics.pdf
answers:
  q1:
    coded:
      data_analytics: yes
      predictive_analytics: no
      artificial_intelligence: no
    summary: Dashboards for performance reporting; no predictive analytics or AI.
    evidence:
      - kind: quote
        text: The council uses dashboards for performance reporting.
        location: Reply letter, answer 1
  q4:
    coded: none_held
    summary: No briefing notes are held.
    evidence:
      - kind: paraphrase
        text: There are no briefing notes.
        location: Reply letter, answer 4
"""

RESPONSE_PATH = "responses/testshire/test-batch.yaml"
FILES = {"councils.yaml": COUNCILS, "batches/test-batch.yaml": BATCH, RESPONSE_PATH: RESPONSE}


# A third and a fourth authority: one with a reply that reports AI, one never asked.
MORE_COUNCILS = """\
  - slug: sampleford
    name: Sampleford City Council
    nation: scotland
    region: null
    type: scottish_council
  - slug: nulltown
    name: Nulltown District Council
    nation: england
    region: south_east
    type: district
"""

FUTURE_QUESTION = """\
  - id: q5
    short: Plans
    text: Does the council plan to use them?
    wording: verbatim
    answer_kind: use
    period: future
"""

# Testshire: data analytics only, but plans AI (a future answer, which does not count as reporting it).
TESTSHIRE = (
    RESPONSE
    + """\
  q5:
    coded:
      data_analytics: yes
      predictive_analytics: yes
      artificial_intelligence: yes
    summary: Plans all three.
    evidence:
      - kind: paraphrase
        text: Plans to use all three.
        location: Reply letter, answer 5
systems:
  - name: Power BI
    supplier: null
    kind: dashboard
    status: in_use
    question: q1
  - name: Risk Tool
    supplier: Example Analytics Ltd
    kind: predictive_analytics
    status: planned
"""
)

# Exampleton: refused, nothing transcribed.
EXAMPLETON = """\
council: exampleton
batch: test-batch
request:
  url: https://foi.example/request/exampleton-analytics
status: refused
dates:
  sent: 2021-02-11
  replied: 2021-03-01
sources:
  - title: Exampleton refusal (test)
    url: https://foi.example/letters/exampleton.pdf
exemptions:
  - law: FOIA
    section: "12"
"""

# Sampleford: partly successful, uses AI now, names the same supplier as Testshire and a partner.
SAMPLEFORD = """\
council: sampleford
batch: test-batch
request:
  url: https://foi.example/request/sampleford-analytics
status: partially_successful
dates:
  sent: 2021-02-11
sources:
  - title: Sampleford reply (test)
    url: https://foi.example/letters/sampleford.pdf
exemptions:
  - law: FOIA
    section: "43(2)"
  - law: FOIA
    section: "12"
answers:
  q2:
    coded:
      data_analytics: not_stated
      predictive_analytics: unclear
      artificial_intelligence: yes
    summary: Uses an AI tool.
    evidence:
      - kind: paraphrase
        text: An AI tool is in use.
        location: Reply letter, answer 2
partnerships:
  - name: Test partnership
    partners:
      - Example Analytics Ltd
      - Test University
    question: q2
"""

# Four authorities, one batch with a question about plans, three replies that between them use
# every derived view: what was reported, refused, named, and left to transcribe.
FOUR_COUNCILS = {
    "councils.yaml": COUNCILS + MORE_COUNCILS,
    "batches/test-batch.yaml": BATCH + FUTURE_QUESTION,
    "responses/testshire/test-batch.yaml": TESTSHIRE,
    "responses/exampleton/test-batch.yaml": EXAMPLETON,
    "responses/sampleford/test-batch.yaml": SAMPLEFORD,
}


@dataclass
class Tree:
    """A content folder written by `write_content`; paths of its files are relative to `content`."""

    content: Path

    @property
    def project(self) -> Path:
        return self.content.parent

    def path(self, name: str) -> Path:
        return self.content / name

    def display(self, name: str) -> str:
        """How problems name the file: relative to the project, e.g. `content/councils.yaml`."""
        return f"content/{name}"

    def write(self, name: str, text: str | bytes) -> Path:
        path = self.path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="\n")
        return path

    def edit(self, name: str, old: str, new: str) -> None:
        """Replace the one occurrence of `old` in a file; a test that misses its target fails here."""
        text = self.path(name).read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
        self.write(name, text.replace(old, new))

    def move(self, old: str, new: str) -> None:
        target = self.path(new)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.path(old).rename(target)

    def line_of(self, name: str, needle: str) -> int:
        """The 1-based line of the first line of a file containing `needle`."""
        lines = self.path(name).read_bytes().decode("utf-8", "replace").splitlines()
        return next(i for i, line in enumerate(lines, 1) if needle in line)

    def load(self) -> tuple[Content, list[Problem]]:
        return load_content(self.content, today=TODAY)

    def problems(self) -> list[Problem]:
        return self.load()[1]


Damage = Callable[[Tree], None]


def edit(name: str, old: str, new: str) -> Damage:
    """A change to make to one file of a tree, for parametrized tables."""
    return lambda tree: tree.edit(name, old, new)


def write(name: str, text: str | bytes) -> Damage:
    return lambda tree: tree.write(name, text)


def move(old: str, new: str) -> Damage:
    return lambda tree: tree.move(old, new)


def problem_case(
    id: str,
    damage: Damage,
    *,
    at: str | int,
    field: str,
    phrase: str,
    file: str = RESPONSE_PATH,
    bug: str = "",
):
    """One row of a problem table: how to break the tree, and the problem that must come out, in
    `file`, on the line containing the text `at` (or line number `at`), about `field`, saying `phrase`.
    `bug` marks a known bug in site_builder: the row then shows it, and must keep failing until fixed."""
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(damage, file, at, field, phrase, id=id, marks=marks)


def expect_problem(tree: Tree, name: str, at: str | int, field: str, phrase: str) -> Problem:
    """Assert that exactly one problem says `phrase`, and that it names `name`, the line `at` is on
    (the first line containing that text, or a line number) and `field`, as `path:line: field: …`."""
    problems = tree.problems()
    matching = [p for p in problems if phrase in p.message]
    listing = "\n".join(map(str, problems)) or "(no problems)"
    assert len(matching) == 1, f"expected one problem saying {phrase!r}; got:\n{listing}"
    problem = matching[0]
    line = at if isinstance(at, int) else tree.line_of(name, at)
    assert (problem.path, problem.line, problem.field) == (tree.display(name), line, field), listing
    assert str(problem).startswith(f"{tree.display(name)}:{line}: {field or '(file)'}: ")
    return problem


def write_content(base: Path, files: dict[str, str] | None = None) -> Tree:
    """Write a valid content tree (two councils, one batch, one response) into `base/content`."""
    tree = Tree(base / "content")
    for name, text in (FILES if files is None else files).items():
        tree.write(name, text)
    return tree


def second_response(council: str = "exampleton") -> tuple[str, str]:
    """A second valid response, for `council`: its path and its text."""
    text = RESPONSE.replace("council: testshire", f"council: {council}").replace("testshire-analytics", council)
    return f"responses/{council}/test-batch.yaml", text


def write_project(base: Path, files: dict[str, str] | None = None, index: str = "# Test register\n") -> Tree:
    """A whole throwaway MkDocs project using the register plugin and the repository's theme."""
    tree = write_content(base, files)
    (base / "docs").mkdir(parents=True, exist_ok=True)
    (base / "docs" / "index.md").write_text(index, encoding="utf-8")
    (base / "mkdocs.yml").write_text(
        "site_name: Testshire FOI Register (test)\n"
        "site_url: https://register.example/\n"
        "theme:\n"
        "  name: material\n"
        f"  custom_dir: {(REPO / 'theme').as_posix()}\n"
        "  font: false\n"
        "plugins:\n"
        "  - foi_register\n",
        encoding="utf-8",
    )
    return tree


def build_site(config_file: Path, site_dir: Path, strict: bool = True) -> Path:
    """Build with MkDocs' public API, as `mkdocs build` would; returns the site folder."""
    cfg = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=strict)
    build(cfg)
    return site_dir


def mkdocs_build(site_dir: Path, hash_seed: str) -> Path:
    """`mkdocs build` of the repository, as a contributor runs it, in a fresh process."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED=hash_seed)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return site_dir


def html_files(site: Path) -> dict[str, str]:
    """Every generated HTML file, keyed by its path relative to the site."""
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


# --- Reading built pages -----------------------------------------------------------------------
# lxml's HTML parser (libxml2, the parser most of the Python world reads HTML with: fast, and
# recovering from broken markup the way browsers broadly do), behind the few look-ups the tests
# need: elements by tag, id, class and attribute, their text, and the next sibling.

from collections.abc import Iterator  # noqa: E402

import lxml.html  # noqa: E402


@dataclass(eq=False)
class Element:
    node: lxml.html.HtmlElement

    @property
    def tag(self) -> str:
        return self.node.tag

    @property
    def attrs(self) -> dict[str, str]:
        return dict(self.node.attrib)

    @property
    def parent(self) -> Element | None:
        up = self.node.getparent()
        return Element(up) if up is not None else None

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def text(self) -> str:
        """All text inside the element, character references decoded, as it stands in the source."""
        return self.node.text_content()

    def words(self) -> str:
        """The text with runs of white space collapsed to one space."""
        return " ".join(self.text().split())

    def _candidates(self) -> Iterator[lxml.html.HtmlElement]:
        return self.node.iterdescendants()

    def iter(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Iterator[Element]:
        """Descendants (not the element itself) in document order, filtered by tag, one class and
        exact attribute values (`data_value="x"` matches `data-value="x"`)."""
        wanted = {k.replace("_", "-"): v for k, v in attrs.items()}
        for node in self._candidates():
            if not isinstance(node.tag, str):  # comments and processing instructions
                continue
            if (
                (tag is None or node.tag == tag)
                and (cls is None or cls in (node.get("class") or "").split())
                and all(node.get(k) == v for k, v in wanted.items())
            ):
                yield Element(node)

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element | None:
        return next(self.iter(tag, cls, **attrs), None)

    def by_id(self, element_id: str) -> Element | None:
        return self.find(id=element_id)

    def next_element(self) -> Element | None:
        """The next sibling element, skipping text and comments."""
        node = self.node.getnext()
        while node is not None and not isinstance(node.tag, str):
            node = node.getnext()
        return Element(node) if node is not None else None


class _Document(Element):
    """The whole page: its look-ups include the `<html>` element itself."""

    @property
    def tag(self) -> str:
        return "#document"

    def _candidates(self) -> Iterator[lxml.html.HtmlElement]:
        return self.node.iter()


def parse_html(text: str) -> Element:
    """The document (tag `#document`), whose look-ups reach every element of the page."""
    return _Document(lxml.html.document_fromstring(text))


def read_page(site: Path, url_path: str) -> Element:
    """Parse a built page by its address within the site: `councils/westminster/` or `404.html`."""
    relative = url_path if url_path.endswith(".html") else f"{url_path.strip('/')}/index.html".lstrip("/")
    return parse_html((site / relative).read_text(encoding="utf-8"))


# --- Builds in the test process ----------------------------------------------------------------

from contextlib import contextmanager  # noqa: E402


@contextmanager
def own_source_date_epoch() -> Iterator[None]:
    """The plugin sets SOURCE_DATE_EPOCH from the head commit for its build, for the rest of the
    process; around a build in the test process, put it back as it was so no other test sees it."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def build_preview(config_file: Path, site_dir: Path) -> Path:
    """Build the project as `mkdocs serve` builds it (the plugin told it is serving), in this process."""
    config = load_config(config_file=str(config_file), site_dir=str(site_dir))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        with own_source_date_epoch():
            build(config)
    finally:
        config.plugins.on_shutdown()
    return site_dir


def pagefind_fragments(bundle: Path) -> dict[str, dict]:
    """Each page a built Pagefind bundle indexed: its URL and its fragment (text, title, filters,
    anchors), read from the bundle's files."""
    out = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        out[fragment["url"]] = fragment
    return out
