"""Turn what was found into a draft record: YAML that passes the schema, with a `draft` field that
lists every suggestion still to confirm and where in the reply it was found."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .find import Answer, Found
from .names import Name
from .read import Reply
from .wdtk import Request

HEADER = (
    "# yaml-language-server: $schema=../../../site_builder/schemas/response.schema.json\n"
    "# DRAFT written by `python -m site_builder draft`: every value below is a suggestion. Check each one\n"
    "# listed under draft.to_confirm against the reply, correct it, delete its entry; write the summaries\n"
    "# in your own words; when nothing is left to confirm, delete the whole `draft` field.\n"
    "# `python -m site_builder validate` lists what is still to confirm. A draft is never published.\n"
)
NO_URL = "https://example.invalid/replace-with-the-request-page"
EVIDENCE_CHARS = 1500
TO_WRITE = "TO WRITE: the answer in your own words."


@dataclass
class Findings:
    council: str
    council_name: str
    batch: dict[str, Any]
    replies: list[Reply]
    reference: Found | None = None
    other_references: list[Found] = field(default_factory=list)
    replied: Found | None = None
    received: Found | None = None
    exemptions: list[Found] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    coded: dict[str, Any] = field(default_factory=dict)  # qid -> {kind: Found|None} or Found|None
    names: list[Name] = field(default_factory=list)
    new_names: list[Name] = field(default_factory=list)
    wdtk: Request | None = None
    unread: list[tuple[str, str]] = field(default_factory=list)  # attachments that could not be read: (name, why)
    part: str | None = None


def _clip(text: str, limit: int = EVIDENCE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def record(f: Findings, today: dt.date) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The record as data, and its list of suggestions to confirm."""
    confirm: list[dict[str, str]] = []

    def ask(pointer: str, place: str, note: str) -> None:
        confirm.append({"field": pointer, "found_in": place, "note": note})

    letter = f.replies[0]
    files = []
    for i, reply in enumerate(r for top in f.replies for r in top.every()):
        pages = (
            f", {reply.pages} {'slide' if reply.kind == 'pptx' else 'page'}{'s' if reply.pages != 1 else ''}"
            if reply.pages
            else ""
        )
        files.append(
            {
                "file": reply.name,
                "title": reply.title,
                "role": "reply" if i == 0 else "attachment",
                "read_as": f"{reply.kind}{pages}",
            }
        )
    for unread_name, why in f.unread:
        files.append(
            {
                "file": unread_name,
                "title": Path(unread_name).stem or unread_name,
                "role": "attachment",
                "read_as": "not read",
            }
        )
        ask(f"draft.files[{len(files) - 1}]", unread_name, f"Not read: {why} Read it yourself, or leave it out.")
    data: dict[str, Any] = {"council": f.council, "batch": f.batch["id"]}
    if f.part:
        data["part"] = f.part
    request: dict[str, Any] = {}
    w = f.wdtk
    if w is not None:
        request["url"] = w.url
        if w.title:
            request["title"] = w.title.replace('"', "'").replace("<", "(").replace(">", ")")[:300]
        if w.requester:
            request["requester"] = {
                "name": w.requester,
                "basis": "seen",
                "note": "Named as the requester on WhatDoTheyKnow.",
            }
    else:
        request["url"] = NO_URL
        ask(
            "request.url",
            "(not in the files)",
            "Replace with the request's public page (WhatDoTheyKnow or the council's disclosure log).",
        )
    data["request"] = request
    data["status"] = w.status if w is not None else "unknown"
    data["status_note"] = (
        w.status_note if w is not None else "Not in the files: fill in the status the request page shows."
    )
    if w is None:
        ask("status", "(not in the files)", "The status as the request page shows it.")
    dates: dict[str, Any] = {}
    if w is not None and w.sent:
        dates["sent"] = {
            "date": w.sent.isoformat(),
            "certainty": "reported",
            "note": "The request's sent event on WhatDoTheyKnow.",
        }
    replied_note = ""
    if w is not None and w.responses:
        listed = ", ".join(f"{d.isoformat()} ({a or 'message'})" for d, a in w.responses)
        replied_note = f" WhatDoTheyKnow dates the authority's messages {listed}."
    if f.replied is not None:
        dates["replied"] = {
            "date": f.replied.value.isoformat(),
            "certainty": "exact",
            "note": f"The date on the reply ({f.replied.place}).{replied_note}",
        }
        ask("dates.replied", f.replied.place, f"The reply's date, read from: {f.replied.text!r}.")
    elif w is not None and w.responses:
        dates["replied"] = {
            "date": w.responses[0][0].isoformat(),
            "certainty": "reported",
            "note": replied_note.strip(),
        }
    if dates:
        data["dates"] = dates
    if f.reference is not None:
        data["council_reference"] = f.reference.value
        others = (
            "; other candidates: " + ", ".join(repr(o.value) for o in f.other_references[:5])
            if f.other_references
            else ""
        )
        ask("council_reference", f.reference.place, f"Read from: {f.reference.text!r}{others}.")
    if f.exemptions:
        data["exemptions"] = []
        for i, found in enumerate(f.exemptions):
            law, section = found.value
            data["exemptions"].append({"law": law, "section": section})
            ask(
                f"exemptions[{i}]",
                found.place,
                f"{law} {section}, cited in: {_clip(found.text, 400)!r}. Add `applied_to` and a note.",
            )
    documents = list(dict.fromkeys(link for reply in f.replies for r in reply.every() for link in r.links))[:50]
    if documents:
        data["documents"] = [{"title": t, "url": u} for t, u in documents]
        for i, (t, _) in enumerate(documents):
            ask(
                f"documents[{i}]", f.replies[0].name, f"Linked as an attachment on the saved page: {t!r}; add its date."
            )
    title = f"{f.council_name}, reply"
    if f.reference is not None:
        title += f" ref {f.reference.value}"
    if f.replied is not None:
        title += f", {f.replied.value.day} {f.replied.value:%B %Y}"
    data["sources"] = [
        {
            "title": title,
            "url": w.url if w is not None else NO_URL,
            "note": "Drafted from " + ", ".join(r.name for r in f.replies) + ".",
        }
    ]
    ask("sources[0]", letter.name, "The reply's public address, and what was taken from it.")
    questions = {q["id"]: q for q in f.batch.get("questions") or []}
    answers: dict[str, Any] = {}
    for answer in f.answers:
        question = questions[answer.qid]
        if answer.question is None or not answer.passage:
            ask(
                f"answers.{answer.qid}",
                "(not found)",
                f"No passage found for {answer.qid} ({question.get('short', '')}): transcribe it, or leave it out.",
            )
            continue
        pointer = f"answers.{answer.qid}"
        first = answer.passage[0]
        location = f"{first.place} (answer to {answer.qid}, found by its {answer.how})"
        entry: dict[str, Any] = {}
        evidence: list[dict[str, str]] = []
        coded = f.coded.get(answer.qid)
        kind = question.get("answer_kind")
        if kind == "use":
            values = {}
            for k, found in (coded or {}).items():
                values[k] = found.value if found is not None else "not_stated"
                if found is not None:
                    ask(f"{pointer}.coded.{k}", found.place, f"{found.value!r} from: {found.text!r}.")
                    if found.text not in (e["text"] for e in evidence):
                        evidence.append({"kind": "quote", "text": found.text, "location": found.place})
            entry["coded"] = values
            if not all(values.values()) or "not_stated" in values.values():
                ask(
                    f"{pointer}.coded",
                    first.place,
                    "`not_stated` where no sentence says it plainly: read the passage and code what it says.",
                )
        elif kind == "documents":
            entry["coded"] = coded.value if coded is not None else "not_stated"
            if coded is not None:
                ask(f"{pointer}.coded", coded.place, f"{coded.value!r} from: {coded.text!r}.")
                evidence.append({"kind": "quote", "text": coded.text, "location": coded.place})
            else:
                ask(f"{pointer}.coded", first.place, "`not_stated`: read the passage and code what it says.")
        entry["summary"] = TO_WRITE
        ask(f"{pointer}.summary", first.place, "Write the answer in your own words.")
        passage = _clip(answer.text)
        if passage not in (e["text"] for e in evidence):
            evidence.append({"kind": "quote", "text": passage, "location": location})
        entry["evidence"] = evidence
        ask(
            f"{pointer}.evidence",
            first.place,
            f"The passage begins {_clip(first.text, 120)!r}: check where the answer starts and ends.",
        )
        answers[answer.qid] = entry
    if answers:
        data["answers"] = answers
    systems = [n for n in f.names if n.role == "system"]
    if systems:
        data["systems"] = []
        for i, name in enumerate(systems):
            question = _question_of(name, f.answers)
            item: dict[str, Any] = {"name": name.name, "supplier": None, "status": "unknown"}
            if question:
                item["question"] = question
            data["systems"].append(item)
            ask(
                f"systems[{i}]",
                name.place,
                f"Written {name.as_written!r} in: {_clip(name.sentence, 300)!r}. Add kind, status, supplier, purpose.",
            )
    notes = []
    if f.received is not None:
        notes.append(f"The reply says the request was received on {f.received.value.isoformat()} ({f.received.place}).")
        ask("notes", f.received.place, f"Received date, read from: {f.received.text!r}.")
    if notes:
        data["notes"] = " ".join(notes)
    names = [
        {"name": n.name, "as_written": n.as_written, "known_as": n.role, "found_in": n.place}
        for n in [*[n for n in f.names if n.role != "system"], *f.new_names]
    ]
    draft: dict[str, Any] = {"made": today.isoformat(), "files": files, "to_confirm": confirm}
    if names:
        draft["names"] = names
        for i, n in enumerate(names):
            what = (
                "a new name: a system, supplier or partner? Add it to systems or partnerships, or delete it"
                if n["known_as"] == "new"
                else f"known to the register as a {n['known_as']}: add it to systems or partnerships, or delete it"
            )
            ask(f"draft.names[{i}]", n["found_in"], f"{n['as_written']!r}, {what}.")
    return {"draft": draft, **data}, confirm


def _question_of(name: Name, answers: list[Answer]) -> str | None:
    for answer in answers:
        if any(p.place == name.place for p in answer.passage):
            return answer.qid
    return None


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = ">" if len(value) > 90 and "\n" not in value and value == value.strip() and "  " not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def to_yaml(data: dict[str, Any]) -> str:
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return HEADER + body
