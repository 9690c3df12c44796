"""Parts of the theme that come out the same on many pages, rendered once a build.

Material writes the site's navigation (the drawer and the tabs) into every page, and rendering it
was a third of Material's time on each page. On a page that is not in the navigation nothing in it
is marked active, and every link in it is relative to the page's folder, so every page of one
folder that is neither in the navigation nor above a page in it gets the same navigation HTML:
the council pages all share one, as do the compare pages of one request. `Parts` renders a part
once for each such folder and hands the same HTML to the rest; a page in the navigation, or one
whose folder holds a navigation entry, is rendered as Material renders it.

The output is the same with and without it (`tests/test_parallel.py` builds the site both ways).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterable
from typing import Any

OFF = "FAR_NO_SHARED_PARTS"
"""Set this environment variable (to anything) to render every part on every page."""


def nav_urls(items: Iterable[Any]) -> frozenset[str]:
    """The URL of every entry of a MkDocs navigation (pages, sections' children and links)."""
    found: set[str] = set()
    stack = list(items)
    while stack:
        item = stack.pop()
        url = getattr(item, "url", None)
        if isinstance(url, str):
            found.add(url)
        stack.extend(getattr(item, "children", None) or [])
    return frozenset(found)


class Parts:
    """`{% call far_shared("nav", page, base_url) %}...{% endcall %}` in a theme template: the block's HTML,
    rendered the first time a folder's page asks for that part and reused for the others."""

    def __init__(self, in_nav: frozenset[str]) -> None:
        self.in_nav = in_nav
        self.kept: dict[tuple[str, str], str] = {}
        self.off = bool(os.environ.get(OFF))

    def folder(self, url: str) -> str | None:
        """The key the page at `url` shares its parts under, or None when it must render its own."""
        if self.off or url in self.in_nav or any(other.startswith(url) for other in self.in_nav):
            return None
        # `a/b/` and `a/b.html` are both in folder `a`; the trailing slash keeps the two apart
        return f"{posixpath.dirname(url.rstrip('/'))}|{url.endswith('/')}"

    def __call__(self, part: str, page: Any, base_url: str, caller: Callable[[], str]) -> str:
        """`base_url` is the theme's: the not-found page's links are built from the site's root,
        not from its own folder, so it is part of the key."""
        url = getattr(page, "url", None)
        folder = self.folder(url) if isinstance(url, str) else None
        if folder is None:
            return caller()
        key = (part, f"{folder}|{base_url}")
        if key not in self.kept:
            self.kept[key] = caller()
        return self.kept[key]
