"""Every region that scrolls sideways (a wide table) can be reached and scrolled with the keyboard:
it takes the focus (`tabindex="0"`) and a screen reader names it (`role="region"`, `aria-label`).

Every pattern here starts with literal text, so a page is scanned for it at C speed: this runs on
every page of the site, and a pattern that can start anywhere cost a second per thousand pages."""

from __future__ import annotations

import bisect
import html
import re

_WRAP = re.compile(r'<div class="far-table-wrap"(?![^>]*\btabindex=)([^>]*)>')
# A table written in Markdown (no class): Material's script wraps it after loading; this wraps it
# first, so it scrolls by keyboard without JavaScript too.
_BARE_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_WRAPPER_BEFORE = re.compile(r'<div class="far-table-wrap"[^>]*>\s*\Z')
_CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S)
_HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_ANCHOR = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", _ANCHOR.sub("", fragment))).split())


def _wrap_bare_tables(page: str) -> str:
    def wrap(match: re.Match[str]) -> str:
        if _WRAPPER_BEFORE.search(page, max(0, match.start() - 300), match.start()):  # already wrapped
            return match.group(0)
        return f'<div class="far-table-wrap">{match.group(0)}</div>'

    return _BARE_TABLE.sub(wrap, page) if "<table>" in page else page


def label_scroll_regions(page: str) -> str:
    """Give every table wrapper, and every Markdown table, focus and a name: the table's caption,
    or else the heading above it."""
    if "<table" not in page:
        return page
    page = _wrap_bare_tables(page)
    headings = [(match.end(), match.group(2)) for match in _HEADING.finditer(page)]
    ends = [end for end, _ in headings]

    def label(start: int) -> str:
        caption = _CAPTION.search(page[start : start + 4000].split("</table>", 1)[0])
        if caption and _text(caption.group(1)):
            return _text(caption.group(1))
        above = bisect.bisect_right(ends, start) - 1
        heading = _text(headings[above][1]) if above >= 0 else ""
        return f"Table: {heading}" if heading else "Table"

    def named(match: re.Match[str]) -> str:
        name = html.escape(label(match.end()), quote=True)
        return f'<div class="far-table-wrap"{match.group(1)} tabindex="0" role="region" aria-label="{name}">'

    return _WRAP.sub(named, page)
