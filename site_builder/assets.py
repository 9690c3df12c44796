"""The register's own stylesheet and script as the site serves them: without comments and indentation.

Every page's first view downloads `far.css` and `far.js`, and their comments (which explain them in
the repository) are about a fifth of their gzipped size. Only what cannot change their meaning is
taken out: whole lines of comment (a `/* ... */` that starts a line and ends one, a `//` line in a
script), the white space that starts a line, and empty lines. Comments after code on a line stay.
A script with a template literal, whose text may span lines, is left as it is.
"""

from __future__ import annotations

import re
from pathlib import Path

_BLOCK = re.compile(r"^[ \t]*/\*(?:[^*]|\*(?!/))*\*/[ \t]*\n", re.MULTILINE)
_LINE = re.compile(r"^[ \t]*//[^\n]*\n", re.MULTILINE)
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_BLANK = re.compile(r"\n{2,}")


def trim(text: str, kind: str) -> str:
    """`text` of a `css` or `js` file without its comment lines, indentation and empty lines."""
    if kind == "js" and "`" in text:
        return text
    if not text.endswith("\n"):
        text += "\n"
    text = _BLOCK.sub("", text)  # closes at the end of a line: `/* a */ code` keeps both
    if kind == "js":
        text = _LINE.sub("", text)
    return _BLANK.sub("\n", _INDENT.sub("", text)).lstrip("\n")


def trim_files(site_dir: Path, paths: list[str]) -> None:
    """Trim each of `paths` (the site's own `.css` and `.js` files, relative to `site_dir`) in place."""
    for relative in paths:
        kind = relative.rsplit(".", 1)[-1]
        path = site_dir / relative
        if kind in ("css", "js") and path.is_file():
            text = path.read_text(encoding="utf-8")
            trimmed = trim(text, kind)
            if trimmed != text:
                path.write_text(trimmed, encoding="utf-8")
