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
- Text is clean text: a control character (other than tab and line break), NUL, a lone surrogate
  or a bidirectional override or isolate (which can make text read differently from what it
  is) in any key or value is a problem, and so is a value made only of spaces or invisible
  characters such as zero-width spaces.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern
from typing import Any, TypeVar

import yaml

MAX_BYTES = 1_000_000

Location = tuple[str | int, ...]
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, worded for the person who has to fix it."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return printable(f"{self.path}:{self.line}: {self.field or '(file)'}: {self.message}")


# Terminal control sequences (colours, cursor moves, window titles), then any other character a
# terminal or a log would act on rather than show: controls, direction overrides, lone surrogates.
_SEQUENCE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-_])|\x9b[0-?]*[ -/]*[@-~]")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """Text safe to print on one line: control sequences removed, other such characters shown as
    escapes (`\\n`, `\\x07`), so a value can neither start a new line nor drive the terminal."""
    text = _SEQUENCE.sub("", text)
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


@dataclass
class Document:
    """A parsed YAML file: its data, and on demand the line each value starts on.

    Lines are worked out only when a problem needs one: most records have none, and tracking
    every value's line while reading cost a third of the time it takes to check a large register."""

    path: Path
    display: str
    data: Any
    tab_width: int = 0  # the width tab indentation was read with, if the file has any
    _lines: dict[Location, int] | None = field(default=None, repr=False, compare=False)

    @property
    def lines(self) -> dict[Location, int]:
        if self._lines is None:
            self._lines = {}
            text = _normalise(self.path.read_bytes().decode("utf-8-sig"))
            loader = _RecordLoader(_expand_tabs(text, self.tab_width) if self.tab_width else text)
            try:
                _convert(loader.get_single_node(), (), self._lines, set())
            finally:
                loader.dispose()
        return self._lines

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
_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
# The only plain words that are not text. YAML 1.1 would also make yes/no/on/off booleans,
# numbers numbers and dates dates; in a record they are what the contributor typed.
_PLAIN_TAGS = {
    **dict.fromkeys(("true", "True", "TRUE", "false", "False", "FALSE"), _BOOL),
    **dict.fromkeys(("null", "Null", "NULL", "~", ""), _NULL),
}
_SCALARS = {_STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


_NO_PATHS: dict[Any, Any] = {}


class _RecordLoader(_BASE):  # type: ignore[misc, valid-type]
    """A safe loader whose only non-text scalars are true/false and null."""

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        # A dictionary look-up instead of PyYAML's list of regular expressions: this runs for every
        # scalar and was most of the time spent reading large registers.
        if kind is yaml.ScalarNode:
            return _PLAIN_TAGS.get(value, _STR) if implicit[0] else _STR  # type: ignore[arg-type]
        return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG

    # PyYAML's path resolvers, which records do not use, are called on entering and leaving every
    # node; these built-ins do nothing, without a Python call each time.
    descend_resolver = staticmethod(_NO_PATHS.get)
    ascend_resolver = staticmethod(().__len__)


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


# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 400


@contextmanager
def mapped(function: Callable[[T], R], items: list[T]) -> Iterator[Iterator[R]]:
    """`map(function, items)`, spread over the machine's cores when there are many items. The work
    starts at once, so the caller can do other things before it reads the results.

    Workers are forked when this process runs no other thread: they start at once, with every
    module already imported (spawned, each imported the program afresh: half a second of processor
    time of the 3.5 s it took to check 5,000 records). In programs that run threads (a
    browser driver in the tests, MkDocs' file watcher) forking could copy a held lock, so there
    the workers are spawned."""
    workers = min(4, os.cpu_count() or 1)
    if len(items) < PARALLEL_FROM or workers < 2:
        yield map(function, items)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(_start_method())) as pool:
        yield _in_order(pool.map(function, items, chunksize=max(1, len(items) // (workers * 16))), function, items)


def _start_method() -> str:
    """`fork` where it is safe (one thread, a system that forks), else `spawn`."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def _in_order(results: Iterator[R], function: Callable[[T], R], items: list[T]) -> Iterator[R]:
    """The workers' results; if the workers cannot run (a program started from standard input
    cannot spawn them, for one), the rest is done here instead."""
    done = 0
    try:
        for result in results:
            done += 1
            yield result
    except (BrokenProcessPool, OSError):
        yield from map(function, items[done:])


def parse_text(text: str, path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text, expanding tab indentation if the file uses it."""
    text = _normalise(text)
    widths = [0] if not _TAB_INDENT.search(text) else [2, 4, 8]
    first_error: tuple[Document | None, list[Problem]] | None = None
    for width in widths:
        result = _parse(_expand_tabs(text, width) if width else text, path, display)
        if result[0] is not None:
            result[0].tab_width = width
            return result
        first_error = first_error or result
    assert first_error is not None
    return first_error


_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
        doc.data = _plain(node, set())
    except (_Again, RecursionError):
        # The quick reading met a duplicate key, an alias or a strange tag: read again carefully,
        # which says exactly what and where.
        try:
            doc.data = _convert(node, (), {}, set())
        except _Stop as stop:
            return None, [Problem(display, stop.line, dotted(stop.location), stop.message)]
        except RecursionError:
            return None, [Problem(display, 1, "", "nesting is too deep to be a record.")]
    if not isinstance(doc.data, dict):
        return None, [Problem(display, 1, "", "expected a YAML mapping of fields (`field: value`) at the top.")]
    if _UNCLEAN.search(text) is None and "\\" not in text and not _any_blank(doc.data):
        # Every key and value is made of this text's characters (only a `\` escape could make one
        # it does not hold), so none holds a character _UNCLEAN finds, and no value is blank: the
        # walk below, which says where, has nothing to find. Most records take this way.
        return doc, []
    return doc, [doc.problem(loc, message) for loc, message in unclean_text(doc.data)]


# Characters no record text may hold: C0 and C1 controls but tab and line feed, DEL, lone
# surrogates, and the bidirectional embeddings, overrides and isolates.
_UNCLEAN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def _any_blank(data: Any) -> bool:
    """Whether any text in `data` is blank (what `unclean_text` reports as such), quickly."""
    stack = [data]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            stack.extend(item.values())
        elif type(item) is list:
            stack.extend(item)
        elif type(item) is str and item and not item[0].isalnum() and _invisible(item):
            return True
    return False


def _invisible(text: str) -> bool:
    """Text of only spaces and invisible characters (zero-width spaces and joiners, word joiners…)."""
    return all(c.isspace() or unicodedata.category(c) == "Cf" for c in text)


def char_name(c: str) -> str:
    """`U+202E (RIGHT-TO-LEFT OVERRIDE)`: a character named so that printing it is harmless."""
    name = unicodedata.name(c, "") if not 0xD800 <= ord(c) <= 0xDFFF else "lone surrogate"
    return f"U+{ord(c):04X}" + (f" ({name})" if name else "")


def unclean_text(data: Any, loc: Location = ()) -> Iterator[tuple[Location, str]]:
    """Where `data` holds text that is not clean text, and what is wrong with it."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = (*loc, key)
            found = _UNCLEAN.search(key)
            if found:
                yield loc, f"a field name contains {char_name(found.group())}; retype the name of the field."
                continue
            yield from unclean_text(value, here)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from unclean_text(value, (*loc, i))
    elif isinstance(data, str):
        found = _UNCLEAN.search(data)
        if found:
            where = data[: found.start()].count("\n") + 1
            yield (
                loc,
                f"contains {char_name(found.group())} (line {where} of the text); remove it: record text "
                "may hold no control characters, NUL, lone surrogates or direction overrides.",
            )
        elif data and _invisible(data):
            yield loc, "is blank (only spaces or invisible characters); fill it in or remove the field."


def _syntax_hint(what: str) -> str:
    if "tab" in what:
        return "Indent with spaces, not tabs."
    if "mapping values are not allowed" in what:
        return "A value containing `: ` must be quoted, or written as a folded block (`>-`)."
    if "found character '%'" in what or "found character '@'" in what or "found character '`'" in what:
        return "Quote the value."
    return "Check indentation and quoting around this line."


class _Again(Exception):
    """The quick reading met something only the careful one can explain."""


def _plain(node: yaml.Node, seen: set[int]) -> Any:
    """The node as plain data, without tracking lines; raises _Again on anything unusual."""
    if id(node) in seen:
        raise _Again
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Again
            # Field names are few and repeat in every record: one copy of each is less to hold and
            # to send from the reading processes (their pickles refer to it once).
            key = intern(key_node.value)
            if key in out:
                raise _Again
            out[key] = _plain(value_node, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, seen) for item in node.value]
    if node.style or node.tag in _SCALARS:  # type: ignore[attr-defined]
        value = node.value
        return intern(value) if len(value) < 24 else value
    if node.tag == _NULL:
        return None
    if node.tag == _BOOL:
        return node.value.lower() == "true"
    raise _Again


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
    if node.style in ("'", '"', "|", ">"):  # type: ignore[attr-defined]
        return node.value
    if node.tag == _NULL:
        return None
    if node.tag == _BOOL:
        return node.value.lower() == "true"
    if node.tag not in _SCALARS:
        raise _Stop(line, loc, f"YAML tag {node.tag!r} is not allowed in records; remove it.")
    return node.value
