"""Material's stylesheet as the site serves it: without the rules no page of this site can use.

Material's `main.css` (22 KB gzipped, on every page's first view) styles every feature Material
has: code highlighting, content tabs, admonitions, blog posts, its own search and more. After the
build, every rule whose selector names a class that is on no page of the site and in no script
is left out, so nothing a page shows, and nothing a script adds, loses its style:

- a class counts as used when it is in a `class` attribute of any HTML file of the site, or
  anywhere in the text of any of its scripts (Material's scripts add classes as they run);
- only classes outside parentheses decide: `:not(.x)` matches when `.x` is absent, and `:is(.x, p)`
  matches a `p`; a selector with an escaped character is kept;
- of a rule's comma-separated selectors, only those that can match are kept; `@media`,
  `@supports`, `@container` and `@layer` blocks are pruned inside; every other at-rule (fonts,
  keyframes, properties) is kept as it is.

The file keeps its name, so pages link it unchanged. A stylesheet this cannot parse is left whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

_CLASS_ATTR = re.compile(rb'class="([^"]*)"')
_STRING_OR_COMMENT = re.compile(r"(\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*')|/\*.*?\*/", re.DOTALL)
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_ATTRIBUTE = re.compile(r"\[[^\]]*\]")
_PRUNED_AT = ("@media", "@supports", "@container", "@layer")


class Unparsable(ValueError):
    """The stylesheet is not what this reads (unbalanced braces or quotes)."""


def used_classes(html_files: Iterable[Path]) -> set[str]:
    """Every class named in a `class` attribute of the given HTML files."""
    attributes: set[bytes] = set()
    for path in html_files:
        attributes.update(_CLASS_ATTR.findall(path.read_bytes()))
    return {name for value in attributes for name in value.decode("utf-8", "replace").split()}


def _without_parentheses(selector: str) -> str:
    out, depth = [], 0
    for char in selector:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(char)
    return "".join(out)


def _split_selectors(head: str) -> list[str]:
    """A selector list split at its top-level commas (not those inside `:is(a, b)`)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(head):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(head[start:i])
            start = i + 1
    parts.append(head[start:])
    return parts


def _block_end(css: str, start: int) -> int:
    """The index just after the `}` that closes the block whose `{` is at `start`."""
    depth, i = 0, start
    while i < len(css):
        char = css[i]
        if char in "\"'":
            end = css.find(char, i + 1)
            while end > 0 and css[end - 1] == "\\":
                end = css.find(char, end + 1)
            if end < 0:
                raise Unparsable("an unclosed string")
            i = end
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise Unparsable("an unclosed block")


def _prune(css: str, can_match: _Matcher) -> str:
    out, i = [], 0
    while i < len(css):
        brace = css.find("{", i)
        semicolon = css.find(";", i)
        if brace < 0:
            if css[i:].strip():
                out.append(css[i:])
            break
        if 0 <= semicolon < brace and css[i:semicolon].lstrip().startswith("@"):  # @charset "x";
            out.append(css[i : semicolon + 1])
            i = semicolon + 1
            continue
        end = _block_end(css, brace)
        head, body = css[i:brace], css[brace + 1 : end - 1]
        if head.lstrip().startswith("@"):
            if head.lstrip().lower().startswith(_PRUNED_AT):
                inner = _prune(body, can_match)
                if inner:
                    out.append(f"{head}{{{inner}}}")
            else:
                out.append(css[i:end])
        else:
            selectors = [s for s in _split_selectors(head) if can_match(s)]
            if selectors:
                out.append(f"{','.join(selectors)}{{{body}}}")
        i = end
    return "".join(out)


class _Matcher:
    def __init__(self, classes: set[str], scripts: str) -> None:
        self.classes, self.scripts = classes, scripts
        self.known: dict[str, bool] = {}

    def used(self, name: str) -> bool:
        if name not in self.known:
            self.known[name] = name in self.classes or name in self.scripts
        return self.known[name]

    def __call__(self, selector: str) -> bool:
        if "\\" in selector:
            return True
        names = _CLASS.findall(_ATTRIBUTE.sub("", _without_parentheses(selector)))
        return all(self.used(name) for name in names)


def purge(css: str, classes: set[str], scripts: str) -> str:
    """`css` without the selectors that name a class neither in `classes` nor in `scripts`."""
    bare = _STRING_OR_COMMENT.sub(lambda m: m.group(1) or "", css)
    return _prune(bare, _Matcher(classes, scripts)) + "\n"


def purge_site(site_dir: Path, stylesheets: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """Purge each of `stylesheets` (in `site_dir`) in place, by the site's HTML and scripts; returns
    each file's bytes before and after. One that cannot be parsed is left whole."""
    html = [p for p in site_dir.rglob("*.html") if "pagefind" not in p.relative_to(site_dir).parts]
    classes = used_classes(html)
    scripts = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site_dir.rglob("*.js"))
    sizes = {}
    for path in stylesheets:
        css = path.read_text(encoding="utf-8")
        try:
            purged = purge(css, classes, scripts)
        except Unparsable:
            continue
        path.write_text(purged, encoding="utf-8")
        sizes[path.name] = (len(css.encode()), len(purged.encode()))
    return sizes
