"""Draft one council's record from its reply files (and optionally WhatDoTheyKnow's JSON)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import schema
from ..authorities import build_register
from ..records import parse_text, read_document
from . import find, names, write
from .read import ReadError, Reply, read_file
from .wdtk import Request

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class DraftError(Exception):
    """Why no draft was written, for a person."""


@dataclass
class Register:
    """What the draft needs from `content/`: the authorities, the batches and the known names."""

    content: Path
    councils: dict[str, dict[str, Any]]
    batches: list[str]
    known: names.Known

    @classmethod
    def read(cls, content: Path) -> Register:
        doc, problems = read_document(content / "councils.yaml")
        if doc is None or not isinstance(doc.data.get("councils"), list):
            raise DraftError(
                f"cannot read {content / 'councils.yaml'}: {problems[0] if problems else 'no councils list'}"
            )
        entries = {s: e for s, e in build_register(doc).entries.items() if _SLUG.match(s)}
        batches = sorted(p.stem for p in (content / "batches").glob("*.yaml") if p.is_file() and not p.is_symlink())
        return cls(content, entries, batches, names.Known.from_content(content))

    def council(self, slug: str) -> dict[str, Any]:
        if slug not in self.councils:
            close = difflib.get_close_matches(slug, list(self.councils), n=3)
            hint = (
                f" Did you mean {' or '.join(repr(c) for c in close)}?"
                if close
                else " Add it to content/councils.yaml first."
            )
            raise DraftError(f"no council {slug!r} in the register.{hint}")
        return self.councils[slug]

    def batch(self, batch_id: str) -> dict[str, Any]:
        if batch_id not in self.batches:
            close = difflib.get_close_matches(batch_id, self.batches, n=3)
            hint = (
                f" Did you mean {' or '.join(repr(c) for c in close)}?"
                if close
                else f" Known batches: {', '.join(self.batches) or 'none'}."
            )
            raise DraftError(f"no batch {batch_id!r} in content/batches/.{hint}")
        doc, problems = read_document(self.content / "batches" / f"{batch_id}.yaml")
        problems += schema.check("batch", doc) if doc is not None else []
        if doc is None or problems:
            first = problems[0] if problems else ""
            raise DraftError(f"content/batches/{batch_id}.yaml has problems; run `validate` first. The first: {first}")
        return doc.data


def findings(
    register: Register,
    council: str,
    batch_id: str,
    files: list[Path],
    wdtk: Request | None = None,
    part: str | None = None,
) -> write.Findings:
    entry = register.council(council)
    batch = register.batch(batch_id)
    if not files:
        raise DraftError("no files given: name the reply (and its attachments) to draft from.")
    replies: list[Reply] = []
    unread: list[tuple[str, str]] = []
    for i, path in enumerate(files):
        try:
            replies.append(read_file(path))
        except ReadError as error:
            if i == 0:  # without the reply itself there is nothing to draft
                raise DraftError(str(error)) from None
            unread.append((path.name, str(error)))  # an attachment: listed in the draft, said on the terminal
    every = [r for top in replies for r in top.every()]
    # The reply is the first file (with an e-mail's own attachments); the other files are documents
    # it released, read for the names they use but not for the reply's reference, dates or answers.
    letters = [r for r in replies[0].every() if r.kind != "pptx"] or replies[0].every()
    paragraphs = [p for r in letters for p in r.paragraphs]
    whole = "\n".join(p.text for p in paragraphs)
    f = write.Findings(council, entry.get("name") or council, batch, replies, wdtk=wdtk, part=part, unread=unread)
    f.reference, f.other_references = find.reference(paragraphs)
    for letter in letters:  # an e-mail's body first, then the letter it carries
        f.replied, received = find.reply_date(letter.paragraphs)
        f.received = f.received or received
        if f.replied is not None:
            break
    if f.replied is None and replies[0].meta.get("Date"):
        day = _mail_date(replies[0].meta["Date"])
        if day is not None:
            f.replied = find.Found(day, f"Date: {replies[0].meta['Date']}", f"{replies[0].name}, e-mail header")
    f.exemptions = find.exemptions(paragraphs, whole)
    questions = batch.get("questions") or []
    f.answers = find.answers(paragraphs, questions)
    kinds = {q["id"]: q.get("answer_kind") for q in questions}
    for answer in f.answers:
        if kinds[answer.qid] == "use":
            f.coded[answer.qid] = find.code_use(answer)
        elif kinds[answer.qid] == "documents":
            f.coded[answer.qid] = find.code_documents(answer)
    all_paragraphs = [p for r in every for p in r.paragraphs]
    own = {names.key(n) for n in [entry.get("name") or "", *(entry.get("other_names") or [])] if n}
    f.names = [n for n in register.known.find(all_paragraphs) if names.key(n.name) not in own]
    f.new_names = [n for n in names.new_names(paragraphs, register.known) if names.key(n.name) not in own]
    return f


def _mail_date(value: str) -> dt.date | None:
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError):
        return None


def draft_text(f: write.Findings, today: dt.date | None = None) -> tuple[str, list[dict[str, str]]]:
    data, confirm = write.record(f, today or dt.date.today())
    text = write.to_yaml(data)
    doc, problems = parse_text(text, Path("draft.yaml"), "draft.yaml")
    problems += schema.check("response", doc) if doc is not None else []
    if problems:  # a bug here, not the contributor's: say so plainly rather than write a bad record
        raise DraftError(
            "the draft does not pass the schema (please report this): " + "; ".join(map(str, problems[:5]))
        )
    return text, confirm


def target(content: Path, council: str, batch_id: str, part: str | None = None) -> Path:
    name = f"{batch_id}--{part}.yaml" if part else f"{batch_id}.yaml"
    return content / "responses" / council / name


def summary(f: write.Findings, confirm: list[dict[str, str]]) -> str:
    answered = sum(1 for a in f.answers if a.passage)
    coded = sum(
        1
        for a in f.answers
        for v in ((f.coded.get(a.qid) or {}).values() if isinstance(f.coded.get(a.qid), dict) else [f.coded.get(a.qid)])
        if v is not None
    )
    ref = f.reference.value if f.reference else "no reference"
    day = f.replied.value.isoformat() if f.replied else "no date"
    return (
        f"{f.council}: ref {ref}, {day}, {answered}/{len(f.answers)} answers found, {coded} coded, "
        f"{len(f.exemptions)} exemption(s), {len(f.names)} known name(s), {len(f.new_names)} new; "
        f"{len(confirm)} suggestion(s) to confirm"
    )
