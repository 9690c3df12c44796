"""No record can stall or crash the build: every Markdown field, filled to the longest the schema
allows with input known to make Markdown parsers slow or deeply recursive, builds in a small
multiple of the time a clean build takes, without a traceback.

Times are compared with a clean build of the same project on the same machine, never with a fixed
number of seconds, so a slow or busy machine does not fail the test; a parser whose cost grows
with the square of the length (the old one took minutes over 200 KB of `[`) does.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from factories import BATCH, COUNCILS, RESPONSE, RESPONSE_PATH, write_project

from site_builder import schema
from site_builder.records import parse_text
from site_builder.render import _safe_html


def markdown_fields(node: object, path: str = "") -> dict[str, int]:
    """Every field the schemas describe as Markdown, with its maximum length."""
    found: dict[str, int] = {}
    if isinstance(node, dict):
        if str(node.get("description", "")).startswith("Markdown."):
            found[path] = node.get("maxLength", 0)
        for key, value in node.items():
            found |= markdown_fields(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found |= markdown_fields(value, f"{path}/{i}")
    return found


def test_every_markdown_field_has_a_length_limit():
    fields = {f"{kind}:{p}": n for kind in schema.KINDS for p, n in markdown_fields(schema.schema(kind)).items()}
    assert len(fields) >= 7
    assert {f: n for f, n in fields.items() if not n} == {}
    assert set(fields.values()) == {MAX}


MAX = 10_000


def fill(unit: str, size: int = MAX) -> str:
    """`unit` repeated to exactly `size` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def nested_lists(size: int = MAX) -> str:
    lines, depth = [], 0
    while sum(map(len, lines)) < size:
        lines.append("  " * depth + "- x\n")
        depth += 1
    return "".join(lines)[:size]


FAMILIES = {
    "open-brackets": fill("["),
    "close-brackets": fill("]"),
    "link-openers": fill("[a]("),
    "image-openers": fill("!["),
    "nested-links": fill("[", MAX // 2) + fill("](b)", MAX // 2),
    "emphasis-runs": fill("*a_"),
    "strong-runs": fill("**_"),
    "backtick-runs": fill("`a``"),
    "entity-openers": fill("&#"),
    "autolink-openers": fill("<"),
    "list-markers": fill("- "),
    "nested-lists": nested_lists(),
    "numbered-markers": fill("1. "),
    "nested-quotes": fill("> "),
    "quotes-in-lists": fill("> - 1. "),
    "long-line": fill("word"),
    "mixed": fill("*[`<_!]("),
}


@pytest.mark.parametrize("text", FAMILIES.values(), ids=FAMILIES.keys())
def test_renderer_is_linear_in_length(text):
    """Rendering the full-length text takes no more than a small multiple of ten times the time of
    a tenth of it (linear: ten times; quadratic: a hundred times)."""

    def cost(sample: str) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.process_time()  # CPU time: another process's load does not count
            _safe_html.__wrapped__(sample)  # past the cache, which would answer the second time
            best = min(best, time.process_time() - start)
        return best

    tenth, full = cost(text[: len(text) // 10]), cost(text)
    assert full < 10 * tenth * 4 + 0.05, f"{len(text)} characters took {full:.3f}s; a tenth took {tenth:.3f}s"


def records(text: str | None) -> dict[str, str]:
    """The test register with every Markdown field set to `text` (None: the clean records)."""
    if text is None:
        return {"councils.yaml": COUNCILS, "batches/test-batch.yaml": BATCH, RESPONSE_PATH: RESPONSE}
    councils, batch, response = (_load(t) for t in (COUNCILS, BATCH, RESPONSE))
    for council in councils["councils"]:
        council["notes"] = text
    batch |= {"summary": text, "notes": text}
    response["request"]["summary"] = text
    response["notes"] = text
    for qid in ("q1", "q2", "q3", "q4"):
        response["answers"].setdefault(qid, {})["summary"] = text
    response["corrections"] = [{"date": "2021-06-01", "kind": "correction", "text": text}]

    def dump(data: object) -> str:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)

    return {"councils.yaml": dump(councils), "batches/test-batch.yaml": dump(batch), RESPONSE_PATH: dump(response)}


def _load(text: str) -> dict:
    """The records' own reading of YAML (yes and no stay words, dates stay text)."""
    doc, problems = parse_text(text, Path("test.yaml"), "test.yaml")
    assert doc is not None, problems
    return doc.data


def build(base: Path, text: str | None) -> tuple[float, subprocess.CompletedProcess]:
    """Build a throwaway project with `mkdocs build --strict` in a process of its own; returns the
    CPU time it took and what it printed. Search is left out: it indexes the same pages either way."""
    tree = write_project(base, records(text))
    config = tree.project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - foi_register\n", "  - foi_register:\n      search: false\n"),
        encoding="utf-8",
    )
    # CPU seconds of the build's processes, not wall time: a busy machine stretches the wall clock
    # of one build and not another, and the question is how much work the text makes.
    before = _child_cpu()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(base / "site")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return _child_cpu() - before, done


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.fixture(scope="module")
def clean_seconds(tmp_path_factory) -> float:
    """The quicker of two clean builds: the baseline each hostile build is measured against."""
    times = []
    for i in range(2):
        seconds, done = build(tmp_path_factory.mktemp(f"clean{i}"), None)
        assert done.returncode == 0, done.stderr
        times.append(seconds)
    return min(times)


@pytest.mark.parametrize("text", FAMILIES.values(), ids=FAMILIES.keys())
def test_longest_pathological_text_in_every_field_builds_in_a_small_multiple_of_a_clean_build(
    tmp_path, clean_seconds, text
):
    from site_builder.validate import load_content

    tree_files = records(text)
    # It is valid: the limits allow it, so the build must cope with it.
    tree = write_project(tmp_path / "check", tree_files)
    assert [str(p) for p in load_content(tree.content)[1]] == []
    seconds, done = build(tmp_path / "build", text)
    assert "Traceback" not in done.stderr
    assert done.returncode == 0, done.stderr[-3000:]
    assert seconds < 3 * clean_seconds, f"{seconds:.1f} CPU s against {clean_seconds:.1f} for a clean build"
    page = (tmp_path / "build" / "site" / "councils" / "testshire" / "index.html").read_text(encoding="utf-8")
    assert "far-notes" in page


def test_over_long_markdown_is_refused_naming_file_line_and_field(tree):
    text = RESPONSE.replace(
        "    summary: No briefing notes are held.", "    summary: " + json.dumps(fill("[", MAX + 1))
    )
    tree.write(RESPONSE_PATH, text)
    problems = [p for p in tree.problems() if "too long" in p.message]
    assert [(p.path, p.field) for p in problems] == [(tree.display(RESPONSE_PATH), "answers.q4.summary")]
    assert problems[0].line == tree.line_of(RESPONSE_PATH, "[[[[")
    assert f"at most {MAX:,} characters" in problems[0].message
