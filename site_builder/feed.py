"""The Atom feed of what changed in the records, in the words the /changes/ page uses, dated from
git so builds stay identical. A browser opening it shows it as a page, through `feed.xsl`, a
stylesheet served from the site itself."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from .changes import Listed, from_records, listed
from .cite import NAME, Site
from .dataset import Dataset

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50
STYLESHEET = "feed.xsl"


def entries(data: Dataset, site: Site) -> list[Listed]:
    """The records' changes, newest first, in words: from git, or from the records' own
    transcription dates when the build has no git history."""
    found = site.record_changes if site.record_changes is not None else from_records(data)
    return listed(found[:LIMIT], data)


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

    sub(feed, "title", f"{NAME}: what changed in the records")
    sub(feed, "id", f"{home}feed.xml")
    sub(feed, "link", rel="self", href=f"{home}feed.xml")
    sub(feed, "link", rel="alternate", href=home)
    sub(
        feed,
        "updated",
        _instant(latest[0].change.date)
        if latest
        else (site.head.date if site.head and site.head.date else "1970-01-01T00:00:00Z"),
    )
    author = sub(feed, "author")
    sub(author, "name", NAME)
    for e in latest:
        url = f"{site.site_url}{e.link}" if e.link else f"{home}changes/"
        entry = sub(feed, "entry")
        sub(entry, "title", f"{e.council_name}: {e.title}")
        # One id per record per day, a valid IRI (a fragment may hold "/", ":" and "+").
        sub(entry, "id", f"{home}changes/#{e.change.path}/{e.change.day}")
        sub(entry, "link", rel="alternate", href=url)
        sub(entry, "updated", _instant(e.change.date))
        sub(entry, "summary", e.change.sentence)
    ET.indent(feed)
    head = f'<?xml version="1.0" encoding="utf-8"?>\n<?xml-stylesheet type="text/xsl" href="{STYLESHEET}"?>\n'
    return head.encode() + ET.tostring(feed, encoding="utf-8") + b"\n"


def _instant(date: str) -> str:
    """Atom wants a date and a time; a record's own date (without git) is taken as midnight UTC."""
    return date if "T" in date else f"{date}T00:00:00Z"


def stylesheet() -> bytes:
    """The XSL stylesheet that shows the feed as a readable page in a browser."""
    return (Path(__file__).parent / "templates" / STYLESHEET).read_bytes()
