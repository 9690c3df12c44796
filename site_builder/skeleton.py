"""`python -m site_builder new <council> <batch>`: a record skeleton with every field, ready to fill in."""

from __future__ import annotations

import difflib
from pathlib import Path

from .authorities import build_register
from .records import read_document

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


def create(content: Path, council: str, batch_id: str, part: str | None = None) -> tuple[Path | None, str]:
    """Write the skeleton; returns (path, message). The path is None when nothing was written."""
    register, problems = read_document(content / "councils.yaml")
    if register is None:
        return None, f"cannot read {content / 'councils.yaml'}: {problems[0] if problems else 'unknown error'}"
    slugs = list(build_register(register).entries)  # with `from_dataset`, every UK authority
    if council not in slugs:
        close = difflib.get_close_matches(council, [s for s in slugs if s], n=1)
        hint = f" Did you mean '{close[0]}'?" if close else " Add it to content/councils.yaml first."
        return None, f"no council '{council}' in content/councils.yaml.{hint}"
    batch_path = content / "batches" / f"{batch_id}.yaml"
    batch_doc, _ = read_document(batch_path) if batch_path.is_file() else (None, [])
    if batch_doc is None:
        ids = sorted(p.stem for p in (content / "batches").glob("*.yaml"))
        close = difflib.get_close_matches(batch_id, ids, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else f" Known batches: {', '.join(ids)}."
        return None, f"no batch '{batch_id}' in content/batches/.{hint}"
    name = f"{batch_id}--{part}.yaml" if part else f"{batch_id}.yaml"
    target = content / "responses" / council / name
    if target.exists():
        return None, f"{target} exists already; edit it instead, or pass --part for a second request."
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(skeleton(council, batch_doc.data, part), encoding="utf-8")
    return target, f"wrote {target}; fill it in, then run: python -m site_builder validate {target}"
