"""Every region that scrolls sideways (a wide table) can be reached and scrolled with the keyboard:
it takes the focus (`tabindex="0"`) and a screen reader names it (`role="region"`, `aria-label`)."""

from __future__ import annotations

import html
import re

_WRAP = re.compile(r'<div class="far-table-wrap"(?![^>]*\btabindex=)([^>]*)>')
# A table written in Markdown (no class): Material's script wraps it after loading; this wraps it
# first, so it scrolls by keyboard without JavaScript too.
_BARE_TABLE = re.compile(r'(<div class="far-table-wrap"[^>]*>\s*)?<table>(.*?)</table>', re.S)
_CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S)
_HEADING = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S)
_TAG = re.compile(r"<[^>]+>")
_ANCHOR = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", _ANCHOR.sub("", fragment))).split())


def _label(page: str, start: int) -> str:
    """The table's caption, or else the heading above it: what the region is called."""
    rest = page[start : start + 4000]
    caption = _CAPTION.search(rest.split("</table>", 1)[0])
    if caption and _text(caption.group(1)):
        return _text(caption.group(1))
    headings = list(_HEADING.finditer(page, 0, start))
    return f"Table: {_text(headings[-1].group(1))}" if headings and _text(headings[-1].group(1)) else "Table"


def _wrap_table(match: re.Match[str]) -> str:
    if match.group(1):  # already in a wrapper
        return match.group(0)
    return f'<div class="far-table-wrap"><table>{match.group(2)}</table></div>'


def label_scroll_regions(page: str) -> str:
    """Give every table wrapper, and every Markdown table, focus and a name."""
    page = _BARE_TABLE.sub(_wrap_table, page)

    def named(match: re.Match[str]) -> str:
        label = html.escape(_label(page, match.end()), quote=True)
        return f'<div class="far-table-wrap"{match.group(1)} tabindex="0" role="region" aria-label="{label}">'

    return _WRAP.sub(named, page)
