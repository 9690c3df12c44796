"""`python -m site_builder new <council> <batch>`: a record skeleton with every field, ready to fill in."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from . import schema
from .records import printable, read_document

HEADER = "# yaml-language-server: $schema=../../../site_builder/schemas/response.schema.json\n"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def skeleton(council: str, batch: dict, part: str | None = None) -> str:
    """The text of a new response record for `council` in `batch`."""
    lines = [
        HEADER.rstrip("\n"),
        "# A new record. Fill in what the sources say; delete what they do not. Check it with",
        "#   python -m site_builder validate",
        "# Field reference: the contribute page of the site, or site_builder/schemas/response.schema.json.",
        f"council: {council}",
        f"batch: {batch['id']}",
    ]
    if part:
        lines.append(f"part: {part}")
    lines += [
        "request:",
        '  url: ""  # the request page (WhatDoTheyKnow or the council\'s disclosure log), https://',
        '  title: ""',
        "  requester:",
        f"    name: {_q(batch['requester']['name']) if batch['requester'].get('name') else 'null'}",
        "    basis: seen  # seen | inferred | unknown",
        "status: unknown",
        "# status is one of: successful, partially_successful, refused, not_held, withdrawn, awaiting, published,",
        "# awaiting_classification, awaiting_clarification, overdue, unknown",
        'status_note: ""  # where the status comes from',
        "dates: {}",
        "# Replace {} with the dates you know, one per line:",
        "#   replied: 2021-04-16              (the date on the reply itself)",
        '#   sent: {date: 2021-02-11, certainty: reported, note: "date shown by WhatDoTheyKnow"}',
        'council_reference: null  # quoted, e.g. "19724857"',
        'exemptions: []  # e.g. - {law: FOIA, section: "40(2)", note: "..."}',
        "documents: []  # e.g. - {title: Reply letter, url: https://...}",
        "sources:",
        '  - title: ""',
        '    url: ""',
        "answers:",
        "  # Delete any question whose answer you are not transcribing: it shows as not yet transcribed.",
    ]
    for question in batch["questions"]:
        lines.append(f"  {question['id']}:  # {question.get('short') or question['text'][:60]}")
        if question["answer_kind"] == "use":
            lines += [
                "    coded:  # yes | no | not_stated | unclear",
                "      data_analytics: not_stated",
                "      predictive_analytics: not_stated",
                "      artificial_intelligence: not_stated",
            ]
        elif question["answer_kind"] == "documents":
            lines.append("    coded: not_stated  # provided | none_held | withheld | not_stated")
        lines += [
            '    summary: ""  # the answer in your own words',
            "    evidence:",
            "      - kind: quote  # quote | paraphrase",
            '        text: ""',
            '        location: ""  # e.g. Reply letter, answer 1',
        ]
    lines += [
        "systems: []  # e.g. - {name: ..., supplier: ..., kind: predictive_analytics, status: in_use, question: q6}",
        "partnerships: []",
        'notes: ""',
        "# When you have transcribed answers, say who and when:",
        "# transcription: {by: your name or handle, date: 2026-01-31}",
    ]
    return "\n".join(lines) + "\n"


_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _not_a_slug(what: str, value: str) -> str | None:
    if _SLUG.match(value):
        return None
    return (
        f"{what} {printable(repr(value))} is not a slug: expected lower-case letters, digits and single "
        "hyphens, e.g. `kensington-and-chelsea`."
    )


def create(content: Path, council: str, batch_id: str, part: str | None = None) -> tuple[Path | None, str]:
    """Write the skeleton; returns (path, message). The path is None when nothing was written.
    It only ever writes a new file at `content/responses/<council>/<batch>[--<part>].yaml`."""
    for what, value in (("council", council), ("batch", batch_id), ("part", part)):
        problem = _not_a_slug(what, value) if value is not None else None
        if problem:
            return None, problem
    register, problems = read_document(content / "councils.yaml")
    if register is None or not isinstance(register.data.get("councils"), list):
        return None, f"cannot read {content / 'councils.yaml'}: {problems[0] if problems else 'no councils list'}"
    slugs = [c.get("slug") for c in register.data["councils"] if isinstance(c, dict)]
    slugs = [s for s in slugs if isinstance(s, str) and _SLUG.match(s)]
    if council not in slugs:
        close = difflib.get_close_matches(council, slugs, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else " Add it to content/councils.yaml first."
        return None, f"no council '{council}' in content/councils.yaml.{hint}"
    ids = sorted(p.stem for p in (content / "batches").glob("*.yaml") if p.is_file() and not p.is_symlink())
    if batch_id not in ids:
        close = difflib.get_close_matches(batch_id, ids, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else f" Known batches: {', '.join(ids) or 'none'}."
        return None, f"no batch '{batch_id}' in content/batches/.{hint}"
    batch_doc, problems = read_document(content / "batches" / f"{batch_id}.yaml")
    problems += schema.check("batch", batch_doc) if batch_doc is not None else []
    if batch_doc is None or problems:
        return None, (
            f"content/batches/{batch_id}.yaml has problems, so no skeleton can be made from it; "
            f"run `python -m site_builder validate` first. The first: {problems[0] if problems else ''}"
        )
    name = f"{batch_id}--{part}.yaml" if part else f"{batch_id}.yaml"
    target = content / "responses" / council / name
    responses = (content / "responses").resolve()
    if (
        (content / "responses").is_symlink()
        or target.parent.is_symlink()
        or target.parent.resolve().parent != responses
    ):
        return None, f"{target.parent} is not a folder inside {content / 'responses'}; nothing was written."
    if target.exists() or target.is_symlink():
        return None, f"{target} exists already; edit it instead, or pass --part for a second request."
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as f:  # never replaces a file that appeared meanwhile
        f.write(skeleton(council, batch_doc.data, part))
    return target, f"wrote {target}; fill it in, then run: python -m site_builder validate {target}"
