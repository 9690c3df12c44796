"""A generated page's HTML, held compressed from when it is rendered until MkDocs writes the page.

MkDocs reads every page before it writes any, so it keeps every page's HTML in memory at once; the
register's thousands of generated pages, most of them holding a dash or a curly quote (which makes
Python store text at two bytes a character), doubled the build's memory. MkDocs is handed `MARK`
as such a page's content instead, and the page's own HTML replaces the mark in the written page,
which is byte for byte what handing MkDocs the HTML itself gives. Contributor text cannot forge the
mark: every value is escaped, so `<!--` never reaches a page from a record."""

from __future__ import annotations

import dataclasses
import re
import zlib

from .pages import Rendered

# Material's template adds a page title unless the content has an `<h1`; a held page always has.
MARK = "<!--far:page-content <h1 -->"
_ID = re.compile(r' id="([^"]+)"')  # a literal start: scanned at C speed


def anchor_ids(html: str) -> set[str]:
    """Every `id` in the page's HTML: the anchors a link to this page may name."""
    return set(_ID.findall(html))


def pack(rendered: Rendered) -> Rendered:
    """The page with its HTML compressed into `packed` (about a ninth of the memory) and its
    anchors listed in `ids`; unchanged if its HTML has no `<h1` of its own (see `MARK`)."""
    if rendered.packed or "<h1" not in rendered.html:
        return rendered
    return dataclasses.replace(
        rendered,
        html="",
        packed=zlib.compress(rendered.html.encode("utf-8"), 1),
        ids=frozenset(anchor_ids(rendered.html)),
    )


def unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8")


def fill(output: str, packed: bytes) -> str:
    """The written page: `output` with the page's own HTML where MkDocs put the mark."""
    at = output.find(MARK)
    if at < 0:
        raise ValueError("the theme's template did not place the page's content ({{ page.content }})")
    return output[:at] + unpack(packed) + output[at + len(MARK) :]
