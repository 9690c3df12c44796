"""The register's names for the search page: the council a reader names comes first, and a search
with no result offers the closest names. A JSON list in the page, matched in far-search.js."""

from __future__ import annotations

import json
import re
import unicodedata

from .dataset import Council, Dataset, council_path

# Words that only say what kind of authority it is: "Devon" finds Devon County Council.
_PREFIX = re.compile(
    r"^(?:the |council of the |london borough of |royal borough of |borough of "
    r"|city and county of |city of |county of )+"
)
_SUFFIX = re.compile(
    r"(?: metropolitan borough| county borough| borough| district| county| city and county| city)?"
    r" council$"
)


def fold(text: str) -> str:
    """Letters and digits of any script, lower case, accents set aside, words split by one space,
    "&" read as "and": far-search.js folds what a reader types the same way."""
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", text.replace("&", " and ")) if not unicodedata.combining(c)
    )
    return " ".join(re.findall(r"[^\W_]+", folded.lower()))


def short_name(name: str) -> str:
    """The name without the kind of authority: "London Borough of Brent" → "Brent"."""
    key = fold(name)
    short = _SUFFIX.sub("", _PREFIX.sub("", key)).strip()
    return short or key


def names(council: Council) -> list[str]:
    """Every key a reader may type for the council, matched after the same folding in the page."""
    found = [fold(council.name), short_name(council.name)]
    for other in council.get("other_names") or []:
        found += [fold(other), short_name(other)]
    return list(dict.fromkeys(k for k in found if k))


def register(data: Dataset) -> list[list[object]]:
    """[name, path from the site root, [keys]] for every authority, by name."""
    return [[c.name, council_path(c.slug), names(c)] for c in data.councils_by_name]


def register_json(data: Dataset) -> str:
    """The list as JSON that is safe inside a <script> element: names are contributor text, so no
    `<`, `>` or `&` is left to end the element or start markup."""
    text = json.dumps(register(data), ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
