"""What `validate` and the build say about draft records: each suggestion still to confirm, at the
line of the field it is about. A record with a `draft` field is never published."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from ..records import Document, Location, Problem, printable


def pointer(text: str) -> Location:
    """`answers.q1.coded.predictive_analytics` or `systems[0].name` -> its location tuple."""
    out: list[str | int] = []
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", text):
        out.append(int(part[1:-1]) if part.startswith("[") else part)
    return tuple(out)


def _exists(data: Any, location: Location) -> bool:
    for part in location:
        in_list = isinstance(part, int) and isinstance(data, list) and part < len(data)
        if in_list or (isinstance(part, str) and isinstance(data, dict) and part in data):
            data = data[part]
        else:
            return False
    return True


def suggestions(documents: Iterable[Document]) -> list[Problem]:
    """One problem per suggestion still to confirm, and one per draft record."""
    out: list[Problem] = []
    for doc in documents:
        draft = doc.data.get("draft") if isinstance(doc.data, dict) else None
        if draft is None:
            continue
        items = draft.get("to_confirm") if isinstance(draft, dict) else None
        items = items if isinstance(items, list) else []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            field = str(item.get("field") or "")
            where = pointer(field)
            location = where if field and _exists(doc.data, where) else ("draft", "to_confirm", i)
            found = f" (found in {item['found_in']})" if item.get("found_in") else ""
            out.append(doc.problem(location, f"to confirm{found}: {item.get('note') or 'check it against the reply'}"))
        out.append(
            doc.problem(
                ("draft",),
                f"is a draft with {len(items)} suggestion(s) to confirm; a draft is never published. Confirm or "
                "correct each, delete its entry from draft.to_confirm, then delete the `draft` field.",
            )
        )
    return out


@dataclass(frozen=True)
class Draft:
    path: str
    council: str
    waiting: int


def drafts(documents: Iterable[Document]) -> list[Draft]:
    """The draft records among `documents`, with how many suggestions each still has."""
    out = []
    for doc in documents:
        draft = doc.data.get("draft") if isinstance(doc.data, dict) else None
        if draft is not None:
            items = draft.get("to_confirm") if isinstance(draft, dict) else None
            out.append(
                Draft(doc.display, str(doc.data.get("council", "")), len(items) if isinstance(items, list) else 0)
            )
    return out


def refusal(found: list[Draft]) -> str:
    """Why a build stops: a draft is never published."""
    listing = "\n".join(f"  {d.path}: a draft, {d.waiting} suggestion(s) to confirm" for d in found)
    return (
        f"{len(found)} draft record(s); a draft is never published, so nothing was built:\n{listing}\n"
        "Confirm each suggestion (`python -m site_builder validate` lists them with their lines), then delete "
        "the record's `draft` field. `mkdocs serve` previews a draft under a Draft banner."
    )


def banner(found: list[Draft], url: str) -> str:
    """The preview's Draft banner: on a draft's own council page, and a note on every other page."""
    if not found:
        return ""
    own = [d for d in found if url.strip("/") == f"councils/{d.council}"]
    if own:
        items = "".join(
            f"<li><code>{escape(printable(d.path))}</code>: {d.waiting} suggestion(s) still to confirm.</li>"
            for d in own
        )
        text = "This page shows a draft record: its values are suggestions read from the reply, not yet checked."
    else:
        items = "".join(f"<li><code>{escape(printable(d.path))}</code></li>" for d in found)
        text = f"This preview includes {len(found)} draft record(s), which are never published:"
    return (
        '<div class="admonition warning far-draft" role="note" aria-labelledby="far-draft-title" id="far-draft">'
        f'<p class="admonition-title" id="far-draft-title">Draft</p><p>{text}</p><ul>{items}</ul>'
        "<p><code>python -m site_builder validate</code> lists each suggestion with its line; delete the "
        "record's <code>draft</code> field once every one is confirmed.</p></div>\n"
    )
