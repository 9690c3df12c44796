"""The `draft` command: arguments, output and messages (see `make.py` for the work)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..records import printable

if TYPE_CHECKING:
    from . import make

# `make` and `wdtk` are imported when the command runs: `python -m site_builder validate` builds
# this command's arguments too, and need not import the reader of replies.

DESCRIPTION = (
    "Draft a record from a council's reply: PDF, Word (.docx; .doc with antiword or catdoc), PowerPoint, "
    "e-mail (.eml, attachments too), an HTML page saved from WhatDoTheyKnow, or text. Every value is a "
    "suggestion to confirm; `validate` lists them and a draft is never published."
)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "draft",
        help="draft a record from a council's reply files, every value marked for review",
        description=DESCRIPTION,
    )
    p.add_argument("council", nargs="?", help="the council's slug, as in /councils/<slug>/")
    p.add_argument("batch", nargs="?", help="the batch id, from content/batches/")
    p.add_argument("files", nargs="*", type=Path, help="the reply first, then its attachments")
    p.add_argument("--out", help="where to write it (default: content/responses/<council>/<batch>.yaml; `-` prints it)")
    p.add_argument("--force", action="store_true", help="replace a file that exists already")
    p.add_argument(
        "--wdtk", metavar="URL", help="a WhatDoTheyKnow request page: its address, title, requester, status and dates"
    )
    p.add_argument("--part", help="a short slug, only for a second request to one council in one batch")
    p.add_argument(
        "--batch",
        dest="batch_folder",
        metavar="FOLDER",
        type=Path,
        help="draft every sub-folder of FOLDER (one per council, named by its slug); give only the batch",
    )
    p.add_argument("--content", type=Path, default=Path("content"), help="the content folder (default: content)")


def _timeout() -> float:
    from . import wdtk

    try:
        return float(os.environ.get("SITE_BUILDER_WDTK_TIMEOUT", wdtk.TIMEOUT))
    except ValueError:
        return wdtk.TIMEOUT


def run(args: argparse.Namespace) -> int:
    from . import make, wdtk

    if not args.content.is_dir():
        print(f"{args.content}: no such folder; run from the repository root or pass --content.", file=sys.stderr)
        return 2
    try:
        register = make.Register.read(args.content)
        if args.batch_folder is not None:
            return _batch(args, register)
        if not args.council or not args.batch:
            print(
                "draft needs a council, a batch and at least one file: draft <council> <batch> FILE...", file=sys.stderr
            )
            return 2
        request = wdtk.fetch(args.wdtk, _timeout()) if args.wdtk else None
        found = make.findings(register, args.council, args.batch, args.files, request, args.part)
        text, confirm = make.draft_text(found)
    except (make.DraftError, wdtk.WdtkError) as error:
        print(printable(f"error: {error}"), file=sys.stderr)
        return 1
    for _name, why in found.unread:
        print(printable(f"warning: attachment not read, listed in the draft to read by hand: {why}"), file=sys.stderr)
    if args.out == "-":
        sys.stdout.write(text)
        print(make.summary(found, confirm), file=sys.stderr)
        return 0
    path = Path(args.out) if args.out else make.target(args.content, args.council, args.batch, args.part)
    written = _write(path, text, args.force)
    if written:
        print(written, file=sys.stderr)
        return 1
    print(make.summary(found, confirm), file=sys.stderr)
    print(f"wrote {path}: review each suggestion, then run: python -m site_builder validate {path}", file=sys.stderr)
    return 0


def _write(path: Path, text: str, force: bool) -> str | None:
    """None when written; else why not."""
    if path.is_symlink():
        return f"error: {path} is a symbolic link; nothing was written."
    if path.exists() and not force:
        return f"error: {path} exists already; nothing was written. Pass --force to replace it, or --out - to print it."
    if path.exists() and not path.is_file():
        return f"error: {path} is not a file; nothing was written."
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w" if force else "x", encoding="utf-8") as f:
            f.write(text)
    except OSError as error:
        return f"error: cannot write {path} ({error.strerror or error})."
    return None


def _batch(args: argparse.Namespace, register: make.Register) -> int:
    from . import make

    """Every sub-folder of the folder is one council's reply: a draft each, one line each."""
    batch_id = args.council if args.batch is None else None
    if batch_id is None or args.files:
        print("with --batch FOLDER give only the batch: draft <batch> --batch FOLDER", file=sys.stderr)
        return 2
    register.batch(batch_id)
    folder: Path = args.batch_folder
    if not folder.is_dir():
        print(f"error: {folder}: no such folder.", file=sys.stderr)
        return 1
    failed = 0
    councils = sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink())
    if not councils:
        print(
            f"error: {folder} holds no sub-folders; put each council's files in a folder named by its slug.",
            file=sys.stderr,
        )
        return 1
    for sub in councils:
        files = sorted((p for p in sub.iterdir() if p.is_file() and not p.is_symlink()), key=_reply_first)
        try:
            found = make.findings(register, sub.name, batch_id, files)
            text, confirm = make.draft_text(found)
        except make.DraftError as error:
            failed += 1
            print(printable(f"{sub.name}: error: {str(error).splitlines()[0]}"))
            continue
        out = (
            Path(args.out) / sub.name / f"{batch_id}.yaml"
            if args.out and args.out != "-"
            else make.target(args.content, sub.name, batch_id)
        )
        problem = _write(out, text, args.force)
        if problem:
            failed += 1
            print(printable(f"{sub.name}: {problem}"))
            continue
        print(printable(make.summary(found, confirm) + f" -> {out}"))
    print(f"{len(councils) - failed} of {len(councils)} council(s) drafted.", file=sys.stderr)
    return 1 if failed else 0


def _reply_first(path: Path) -> tuple[int, str]:
    """A folder's reply letter before its attachments: a file whose name says reply or response."""
    name = path.name.lower()
    return (0 if any(w in name for w in ("reply", "response", "letter")) else 1, name)
