"""How to cite a council page. (`Site`, where the site and its source live, is in `context`.)"""

from __future__ import annotations

import re

from .context import Site
from .dataset import Council

NAME = "Council Analytics FOI Register"


_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def _bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", text.replace("\\", ""))


def citation(council: Council, site: Site) -> dict[str, str]:
    """Plain-text and BibTeX citations of a council page. The access date is filled in by the
    reader's browser; the build writes the date of the version instead, so builds stay identical."""
    changes = site.changes(council)
    version_date = changes[0].day if changes else (site.head.day if site.head else "")
    year = version_date[:4] or "n.d."
    url = site.council_url(council.slug)
    version = f"version {site.head.sha[:12]}" if site.head else ""
    record = site.permalink(council.responses[0].source_path) if council.responses else ""
    plain = f"{NAME} ({year}). {council.name}. {url}"
    if version:
        plain += f" ({version}{', ' + version_date if version_date else ''})"
    plain += ". Accessed ACCESSED."
    key = "far-" + re.sub(r"[^a-z0-9]+", "-", council.slug)
    lines = [
        f"@misc{{{key},",
        f"  author = {{{{{NAME}}}}},",
        f"  title = {{{_bibtex_escape(council.name)}}},",
        f"  year = {{{year}}},",
        f"  howpublished = {{\\url{{{url}}}}},",
    ]
    if version:
        note = f"Record {version}" + (f", \\url{{{record}}}" if record else "")
        lines.append(f"  note = {{{note}}},")
    lines.append("  urldate = {ACCESSED}")
    lines.append("}")
    return {"plain": plain, "bibtex": "\n".join(lines), "date": version_date}


__all__ = ["NAME", "Site", "citation"]
