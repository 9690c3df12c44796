"""Read YAML record files into plain data, remembering the line of every value.

YAML has traps for hand-edited records, and this module owns them so nothing else has to:

- `yes`/`no`/`on`/`off` are booleans in YAML 1.1. Here only `true`/`false` are booleans, so
  `yes` and `no` stay the words the contributor typed; `on`/`off` are left as words too and the
  schema check rejects them with a hint.
- Dates stay strings (`2021-04-16`); the validator checks they are real dates.
- Numbers stay as written (`council_reference: 0012345` keeps its zeros): no record field is
  numeric, so the text the contributor typed is what they meant.
- Duplicate keys, aliases (`*name`, which could expand without limit), several documents in one
  file, an empty file, a file over 1 MB and a file that is not UTF-8 are reported as problems,
  never as tracebacks. An anchor that is never used is harmless and passes.
- A byte-order mark, CRLF line ends and tab indentation are read as the contributor meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 1_000_000

Location = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, worded for the person who has to fix it."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field or '(file)'}: {self.message}"


@dataclass
class Document:
    """A parsed YAML file: its data and the line each value starts on."""

    path: Path
    display: str
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, location: Location) -> int:
        """The line of `location`, or of its nearest parent that has one."""
        loc = tuple(location)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)

    def problem(self, location: Location, message: str) -> Problem:
        return Problem(self.display, self.line_of(location), dotted(location), message)


def dotted(location: Location) -> str:
    """`("answers", "q1", "evidence", 0)` -> `answers.q1.evidence[0]`."""
    out = ""
    for part in location:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _RecordLoader(_BASE):  # type: ignore[misc, valid-type]
    """A safe loader whose only booleans are true/false and which has no date type."""


_RecordLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _TIMESTAMP)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_RecordLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))

_SCALARS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


class _Stop(Exception):
    """Raised inside conversion for a problem that makes the rest of the file meaningless."""

    def __init__(self, line: int, location: Location, message: str):
        super().__init__(message)
        self.line, self.location, self.message = line, location, message


def read_document(path: Path, display: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Read one YAML file. Returns the document (None if unreadable) and its problems."""
    display = display or str(path)

    def fail(line: int, message: str, fld: str = "") -> tuple[None, list[Problem]]:
        return None, [Problem(display, line, fld, message)]

    try:
        raw = path.read_bytes()
    except OSError as exc:
        return fail(1, f"cannot be read: {exc.strerror}.")
    if len(raw) > MAX_BYTES:
        return fail(
            1,
            f"file is {len(raw):,} bytes; a record may be at most {MAX_BYTES:,}. "
            "Split it, or link long documents instead of pasting them.",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return fail(
            line,
            f"expected UTF-8 text; found byte 0x{raw[exc.start]:02x} that is not UTF-8. "
            "Save the file as UTF-8 in your editor.",
        )
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return fail(1, "file is empty; expected a YAML mapping of fields. Delete the file or fill it in.")
    return parse_text(text, path, display)


def parse_text(text: str, path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text, expanding tab indentation if the file uses it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    attempts = [text] if not _TAB_INDENT.search(text) else [_expand_tabs(text, n) for n in (2, 4, 8)]
    first_error: tuple[Document | None, list[Problem]] | None = None
    for candidate in attempts:
        result = _parse(candidate, path, display)
        if result[0] is not None:
            return result
        first_error = first_error or result
    assert first_error is not None
    return first_error


_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


def _expand_tabs(text: str, width: int) -> str:
    def expand(match: re.Match[str]) -> str:
        return match.group(0).expandtabs(width)

    return re.sub(r"^[ \t]+", expand, text, flags=re.MULTILINE)


def _parse(text: str, path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    loader = _RecordLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(s for s in (exc.context, exc.problem) if s)
        return None, [Problem(display, line, "", f"YAML syntax error: {what}. {_syntax_hint(what)}")]
    except yaml.YAMLError as exc:
        return None, [Problem(display, 1, "", f"YAML syntax error: {exc}.")]
    finally:
        loader.dispose()
    if node is None:
        return None, [Problem(display, 1, "", "file is empty; expected a YAML mapping of fields.")]
    doc = Document(path, display, None)
    try:
        doc.data = _convert(node, (), doc.lines, set())
    except _Stop as stop:
        return None, [Problem(display, stop.line, dotted(stop.location), stop.message)]
    except RecursionError:
        return None, [Problem(display, 1, "", "nesting is too deep to be a record.")]
    if not isinstance(doc.data, dict):
        return None, [Problem(display, 1, "", "expected a YAML mapping of fields (`field: value`) at the top.")]
    return doc, []


def _syntax_hint(what: str) -> str:
    if "tab" in what:
        return "Indent with spaces, not tabs."
    if "mapping values are not allowed" in what:
        return "A value containing `: ` must be quoted, or written as a folded block (`>-`)."
    if "found character '%'" in what or "found character '@'" in what or "found character '`'" in what:
        return "Quote the value."
    return "Check indentation and quoting around this line."


def _convert(node: yaml.Node, loc: Location, lines: dict[Location, int], seen: set[int]) -> Any:
    line = node.start_mark.line + 1
    lines.setdefault(loc, line)
    if id(node) in seen:
        # The node is the anchored one; its key (set by the parent) is where the alias stands.
        raise _Stop(
            lines.get(loc, line), loc, "YAML aliases (`*name`) are not allowed in records; write the value out in full."
        )
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Stop(key_node.start_mark.line + 1, loc, "a key must be a plain word.")
            key = key_node.value
            key_loc = (*loc, key)
            if key in out:
                first = lines[key_loc]
                raise _Stop(
                    key_node.start_mark.line + 1,
                    key_loc,
                    f"duplicate key '{key}' (first given on line {first}); YAML would silently keep "
                    "only the last one. Remove or merge one of them.",
                )
            lines[key_loc] = key_node.start_mark.line + 1
            out[key] = _convert(value_node, key_loc, lines, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*loc, i), lines, seen) for i, item in enumerate(node.value)]
    if node.style in ("'", '"', "|", ">"):
        return node.value
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if node.tag == _BOOL:
        return node.value.lower() == "true"
    if node.tag not in _SCALARS:
        raise _Stop(line, loc, f"YAML tag {node.tag!r} is not allowed in records; remove it.")
    return node.value
