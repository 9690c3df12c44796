"""Find every record under `content/`, read it and check it against its schema, then run the
cross-record checks: `load_content` returns the parsed records and every problem found."""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import schema
from .records import Document, Problem, mapped, read_document
from .validate import check_content, check_names


@dataclass(frozen=True)
class Kind:
    """One kind of record: the schema it follows, and where its files are, as a glob relative to
    `content/` whose `*` stands for one file or folder name."""

    name: str  # the schema (`site_builder/schemas/<name>.schema.json`) and the key in Content.documents
    pattern: str
    required: bool = False  # a single file that must be there


# Everything under `content/` that the site reads. Adding a kind of record is one line here (and
# its schema); any other file under `content/` is reported with a hint, never skipped in silence.
LAYOUT: tuple[Kind, ...] = (
    Kind("council", "councils.yaml", required=True),
    Kind("batch", "batches/*.yaml"),
    Kind("response", "responses/*/*.yaml"),
    Kind("report", "reports/*.yaml"),
    Kind("systems", "systems.yaml"),
    Kind("left_out", "left-out.yaml"),
)


@dataclass
class Content:
    """Every record, parsed and checked; the input to the dataset."""

    root: Path
    councils: Document | None = None
    batches: list[Document] = field(default_factory=list)
    responses: list[Document] = field(default_factory=list)
    documents: dict[str, list[Document]] = field(default_factory=dict)  # by kind, every kind in LAYOUT
    read: set[str] = field(default_factory=set)  # every file read, as displayed (`content/…`)
    reports: list[Document] = field(default_factory=list)
    systems: Document | None = None
    left_out: Document | None = None
    # Problems that do not stop the build when run by hand, but fail a strict build: a name close
    # to a known system's is probably the same system spelt another way.
    warnings: list[Problem] = field(default_factory=list)
    register: Any = None
    """The merged authority register (`authorities.Register`), once checked."""


def load_content(root: Path, today: dt.date | None = None) -> tuple[Content, list[Problem]]:
    """Read and check everything under `root` (the `content/` folder)."""
    root = root.resolve()
    base = root.parent
    content = Content(root)
    problems: list[Problem] = []
    files = _layout_files(root, base, problems)
    content.read = {display for _, display in (item for items in files.values() for item in items)}
    # Responses are the many: they are read on several cores, under way while the rest is read.
    with mapped(_read_kind, [(path, display, "response") for path, display in files.pop("response", [])]) as many:
        for kind in LAYOUT:
            if kind.name == "response":
                continue
            found = files.get(kind.name, [])
            if kind.required and not found:
                problems.append(Problem(f"content/{kind.pattern}", 1, "", f"`{kind.pattern}` is missing."))
            content.documents[kind.name] = _collect(map(_read_kind, ((p, d, kind.name) for p, d in found)), problems)
        content.documents["response"] = _collect(many, problems)
    councils = content.documents.get("council") or []
    content.councils = councils[0] if councils else None
    content.batches = content.documents.get("batch", [])
    content.responses = content.documents["response"]
    content.reports = content.documents.get("report", [])
    content.systems = next(iter(content.documents.get("systems", [])), None)
    content.left_out = next(iter(content.documents.get("left_out", [])), None)
    problems.extend(check_content(content, today or dt.date.today()))
    content.warnings = sorted(set(check_names(content)))
    return content, sorted(set(problems))


def _collect(results: Iterable[tuple[Document | None, list[Problem]]], problems: list[Problem]) -> list[Document]:
    docs = []
    for doc, found in results:
        problems.extend(found)
        if doc is not None:
            docs.append(doc)
    return docs


def _read_kind(item: tuple[Path, str, str]) -> tuple[Document | None, list[Problem]]:
    path, display, kind = item
    doc, problems = read_document(path, display)
    return doc, problems + (schema.check(kind, doc) if doc is not None else [])


def _display(path: Path, base: Path) -> str:
    """The path as people see it: relative to the repository (`content/…`)."""
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(base).as_posix()
        except ValueError:
            return str(path)


def _matches(relative: str, pattern: str) -> bool:
    parts, wanted = relative.split("/"), pattern.split("/")
    return len(parts) == len(wanted) and all(fnmatch.fnmatchcase(p, w) for p, w in zip(parts, wanted, strict=True))


def _layout_files(root: Path, base: Path, problems: list[Problem]) -> dict[str, list[tuple[Path, str]]]:
    """Every file under `root`, by the kind it is; each file that is none is reported with a hint,
    and so is every symbolic link (it could publish anything it points at)."""
    files: dict[str, list[tuple[Path, str]]] = {kind.name: [] for kind in LAYOUT}
    found: list[tuple[str, str, bool]] = []  # (path, path relative to root, whether a symbolic link)
    _walk(str(root), "", found)
    shown = _display(root, base)
    for path, relative, link in sorted(found):
        display = f"{shown}/{relative}"
        if link:
            problems.append(
                Problem(
                    display,
                    1,
                    "",
                    "is a symbolic link; records must be files in the repository. Replace it with the file itself.",
                )
            )
            continue
        kind = next((k for k in LAYOUT if _matches(relative, k.pattern)), None)
        if kind is not None:
            files[kind.name].append((Path(path), display))
        else:
            problems.append(Problem(display, 1, "", _unread_hint(relative)))
    return files


def _walk(folder: str, relative: str, found: list[tuple[str, str, bool]]) -> None:
    """Every file and symbolic link under `folder`, links to folders not followed. The type of each
    entry comes with the listing, so a register of thousands of files costs no call per file."""
    try:
        with os.scandir(folder) as entries:
            listed = list(entries)
    except OSError:
        return  # a folder that cannot be listed is passed over, as os.walk does
    for entry in listed:
        here = f"{relative}/{entry.name}" if relative else entry.name
        if entry.is_dir(follow_symlinks=False):
            _walk(entry.path, here, found)
        else:
            found.append((entry.path, here, entry.is_symlink()))


def symlinks(folder: Path, base: Path) -> list[Problem]:
    """Every symbolic link under `folder` (say `docs/`), as a problem: MkDocs would publish whatever
    it points at, a clone's `.git/config` included."""
    found = []
    for parent, dirs, names in os.walk(folder):
        for name in sorted(dirs + names):
            path = Path(parent, name)
            if path.is_symlink():
                found.append(
                    Problem(
                        f"{_display(folder, base)}/{path.relative_to(folder).as_posix()}",
                        1,
                        "",
                        "is a symbolic link; the site publishes only real files. Replace it with the file itself.",
                    )
                )
    return found


def _unread_hint(relative: str) -> str:
    """Why a file under content/ is not read, and what to do about it."""
    layout = ", ".join(f"`{k.pattern}`" for k in LAYOUT)
    stem, dot, suffix = relative.rpartition(".")
    if dot and suffix.lower() in ("yml", "yaml") and suffix != "yaml":
        renamed = f"{stem}.yaml"
        if any(_matches(renamed, k.pattern) for k in LAYOUT):
            return f"is not read: record files end in `.yaml`; rename it to `{renamed.rsplit('/', 1)[-1]}`."
    top = relative.split("/", 1)[0]
    folders = {k.pattern.split("/", 1)[0] for k in LAYOUT if "/" in k.pattern}
    for kind in LAYOUT:
        if "/" in kind.pattern and top == kind.pattern.split("/", 1)[0]:
            return f"is not read: {kind.name} records live at `content/{kind.pattern}`; move it."
    close = difflib.get_close_matches(top, sorted(folders | {k.pattern for k in LAYOUT}), n=1, cutoff=0.6)
    if close:
        return f"is not read: did you mean `content/{close[0]}`? The site reads {layout} under content/."
    return f"is not read: the site reads only {layout} under content/. Move it there, or out of content/."
