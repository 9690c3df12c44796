"""Command line: `python -m site_builder validate [paths…]`, `python -m site_builder new <council> <batch>`
and `python -m site_builder draft <council> <batch> FILE...`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .draft import cli as draft_cli
from .records import Problem, printable
from .validate import load_content


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m site_builder", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="check records; print path:line: field: message for each problem")
    check.add_argument("paths", nargs="*", type=Path, help="only report problems in these files or folders")
    check.add_argument("--content", type=Path, default=Path("content"), help="the content folder (default: content)")
    new = sub.add_parser("new", help="write a record skeleton for a council's reply to a batch")
    new.add_argument("council", help="the council's slug, as in its address /councils/<slug>/")
    new.add_argument("batch", help="the batch id, from content/batches/")
    new.add_argument("--part", help="a short slug, only for a second request to one council in one batch")
    new.add_argument("--content", type=Path, default=Path("content"), help="the content folder (default: content)")
    draft_cli.add_parser(sub)
    args = parser.parse_args(argv)
    if args.command == "draft":
        return draft_cli.run(args)
    if args.command == "validate":
        return validate(args.content, args.paths)
    if args.command == "new":
        from . import skeleton  # reads templates: not needed to validate

        path, message = skeleton.create(args.content, args.council, args.batch, args.part)
        print(message, file=sys.stderr if path is None else sys.stdout)
        return 0 if path else 1
    return 2  # pragma: no cover - argparse rejects unknown commands


def validate(content: Path, paths: list[Path]) -> int:
    if not content.is_dir():
        print(f"{content}: no such folder; run from the repository root or pass --content.", file=sys.stderr)
        return 2
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"{printable(str(missing[0]))}: no such file or folder.", file=sys.stderr)
        return 2
    loaded, problems = load_content(content)
    for notice in loaded.register.notices if loaded.register is not None else []:
        print(f"note: {printable(str(notice))}", file=sys.stderr)  # worth tidying; does not fail the check
    warnings = loaded.warnings
    if paths:
        wanted = [p.resolve() for p in paths]
        base = content.resolve().parent
        problems = [p for p in problems if any(_within(base / p.path, w) for w in wanted)]
        problems += _never_read(content, paths, loaded.read | {p.path for p in problems})
        warnings = [p for p in warnings if any(_within(base / p.path, w) for w in wanted)]
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
        if annotate:
            print(_annotation(warning).replace("::error ", "::warning ", 1))
    for problem in problems:
        print(problem)
        if annotate:
            print(_annotation(problem))
    if problems:
        files = len({p.path for p in problems})
        print(f"{len(problems)} problem(s) in {files} file(s).", file=sys.stderr)
        return 1
    from .draft import check as draft_check

    drafts = draft_check.suggestions(loaded.responses)
    if paths:
        drafts = [p for p in drafts if any(_within(base / p.path, w) for w in wanted)]
    for suggestion in drafts:
        print(suggestion)
        if annotate:
            print(_annotation(suggestion))
    if drafts:
        count = len({p.path for p in drafts})
        waiting = len(drafts) - count
        print(
            f"{waiting} suggestion(s) to confirm in {count} draft record(s); a draft is never published.",
            file=sys.stderr,
        )
        return 1
    print("All records are valid.", file=sys.stderr)
    return 0


def _never_read(content: Path, paths: list[Path], seen: set[str]) -> list[Problem]:
    """A problem for each path asked about that holds nothing validate read or reported on."""
    root, base = content.resolve(), content.resolve().parent
    out = []
    for path in paths:
        if not _within(path, root):
            message = f"is not under {content}; validate reads only the records in that folder."
        elif not any(_within(base / shown, path.resolve()) for shown in seen):
            message = "holds no record files; nothing here was read."
        else:
            continue
        out.append(Problem(path.as_posix(), 1, "", message))
    return out


def _within(path: Path, wanted: Path) -> bool:
    path = path.resolve()
    return path == wanted or wanted in path.parents


def _escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's runner reads it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value: as data, and `:` and `,` too."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(problem: Problem) -> str:
    message = printable(f"{problem.field or '(file)'}: {problem.message}")
    path = printable(problem.path)
    return f"::error file={_escape_property(path)},line={problem.line}::{_escape_data(message)}"


if __name__ == "__main__":
    sys.exit(main())
