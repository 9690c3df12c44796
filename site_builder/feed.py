"""The Atom feed of new and changed responses, dated from git so builds stay identical."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .cite import NAME, Site
from .dataset import STATUSES, Dataset, Response

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50


@dataclass(frozen=True)
class Entry:
    response: Response
    updated: str  # ISO 8601
    subject: str


def entries(data: Dataset, site: Site) -> list[Entry]:
    """Responses by the date their record last changed, newest first."""
    out = []
    for r in data.responses:
        commits = site.history.by_path.get(r.source_path, [])
        if commits:
            out.append(Entry(r, commits[0].date, commits[0].subject))
    out.sort(key=lambda e: (e.updated, e.response.source_path), reverse=True)
    return out[:LIMIT]


# What XML 1.0 cannot hold at all; records are refused with it, and this keeps the feed
# well-formed whatever reaches it.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def atom(data: Dataset, site: Site) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    latest = entries(data, site)
    home = site.site_url or "./"

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_text(v) for k, v in attrs.items()})
        if text is not None:
            element.text = xml_text(text)
        return element

    sub(feed, "title", f"{NAME}: new and changed responses")
    sub(feed, "id", f"{home}feed.xml")
    sub(feed, "link", rel="self", href=f"{home}feed.xml")
    sub(feed, "link", rel="alternate", href=home)
    sub(
        feed,
        "updated",
        latest[0].updated if latest else (site.head.date if site.head and site.head.date else "1970-01-01T00:00:00Z"),
    )
    author = sub(feed, "author")
    sub(author, "name", NAME)
    for e in latest:
        r = e.response
        url = f"{site.council_url(r.council['slug'])}#{r.id}"
        entry = sub(feed, "entry")
        sub(entry, "title", f"{r.council['name']}: {r.title}")
        sub(entry, "id", url)
        sub(entry, "link", rel="alternate", href=url)
        sub(entry, "updated", e.updated)
        sub(
            entry,
            "summary",
            f"{STATUSES[r.status]}. {r.transcribed} of {len(r.answers)} answers transcribed. "
            f"Latest change: {e.subject}",
        )
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"
