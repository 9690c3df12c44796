"""Find every record under `content/`, read it and check it against its schema, then run the
cross-record checks: `load_content` returns the parsed records and every problem found."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .records import Document, Problem, mapped, read_document
from .validate import check_content


@dataclass
class Content:
    """Every record, parsed and checked; the input to the dataset."""

    root: Path
    councils: Document | None = None
    batches: list[Document] = field(default_factory=list)
    responses: list[Document] = field(default_factory=list)


def load_content(root: Path, today: dt.date | None = None) -> tuple[Content, list[Problem]]:
    """Read and check everything under `root` (the `content/` folder)."""
    root = root.resolve()
    base = root.parent
    content = Content(root)
    problems: list[Problem] = []

    def read(path: Path, kind: str) -> Document | None:
        doc, found = read_document(path, _display(path, base))
        problems.extend(found)
        if doc is not None:
            problems.extend(schema.check(kind, doc))
        return doc

    items = [(path, _display(path, base)) for path in _response_files(root, base, problems)]
    with mapped(_read_response, items) as responses:  # under way while the rest is read
        register = root / "councils.yaml"
        if not register.is_file():
            problems.append(Problem(_display(register, base), 1, "", "the authority register is missing."))
        else:
            content.councils = read(register, "council")
        content.batches = [d for p in sorted((root / "batches").glob("*.yaml")) if (d := read(p, "batch"))]
        for doc, found in responses:
            problems.extend(found)
            if doc is not None:
                content.responses.append(doc)
    problems.extend(check_content(content, today or dt.date.today()))
    return content, sorted(set(problems))


def _read_response(item: tuple[Path, str]) -> tuple[Document | None, list[Problem]]:
    doc, problems = read_document(*item)
    return doc, problems + (schema.check("response", doc) if doc is not None else [])


def _display(path: Path, base: Path) -> str:
    """The path as people see it: relative to the repository (`content/…`)."""
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(base).as_posix()
        except ValueError:
            return str(path)


def _response_files(root: Path, base: Path, problems: list[Problem]) -> list[Path]:
    folder = root / "responses"
    files = []
    found = [Path(d, name) for d, _, names in os.walk(folder) for name in names] if folder.is_dir() else []
    for path in sorted(found, key=str):
        depth = len(path.relative_to(folder).parts)
        if path.suffix in (".yml", ".YAML", ".yaml") and path.suffix != ".yaml":
            problems.append(Problem(_display(path, base), 1, "", "record files end in `.yaml`; rename it."))
        elif path.suffix == ".yaml" and depth != 2:
            problems.append(
                Problem(
                    _display(path, base),
                    1,
                    "",
                    "responses live at `content/responses/<council>/<batch>.yaml`; move it.",
                )
            )
        elif path.suffix == ".yaml":
            files.append(path)
    return files
