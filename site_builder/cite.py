"""How to cite a council page. (`Site`, where the site and its source live, is in `context`.)"""

from __future__ import annotations

import re

from .context import Site
from .dataset import Council, Response, as_date

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


def _replied(response: Response) -> str:
    """The reply's date in words ("12 April 2021"), or "" when the record has none."""
    day = as_date((response.data.get("dates") or {}).get("replied"))
    return f"{day.day} {day:%B %Y}" if day else ""


def reply_citation(response: Response) -> str:
    """The council's reply itself, cited where it is published (usually WhatDoTheyKnow): what a
    journalist quotes beside the register's page."""
    request = response.data.get("request") or {}
    title = request.get("title") or response.title
    replied = _replied(response)
    parts = [f"{response.council.name}. Reply to the Freedom of Information request “{title}”"]
    if response.data.get("council_reference"):
        parts.append(f"council reference {response.data['council_reference']}")
    if replied:
        parts.append(replied)
    text = ", ".join(parts) + "."
    if request.get("url"):
        text += f" {request['url']}."
    return text + " Accessed ACCESSED."


def answer_citation_parts(response: Response, site: Site) -> dict[str, str]:
    """What every answer's citation of one response shares, around the question's number and text:
    "{who}, answer to Q1 {of}: “question” In {name}, {url}#anchor. Accessed ACCESSED." The page
    carries these as data attributes and far.js writes each answer's citation from them and the
    answer itself, so the page does not hold the question texts twice."""
    of = f"of “{response.title}”"
    if response.data.get("council_reference"):
        of += f" (council reference {response.data['council_reference']})"
    if replied := _replied(response):
        of += f", {replied}"
    return {"who": response.council.name, "of": of, "name": NAME, "url": site.council_url(response.council.slug)}


def answer_citations(response: Response, site: Site) -> list[dict[str, str]]:
    """One citation a transcribed answer: the council's answer to one question, at its anchor on
    the register's page, with the council's reference for the request. The text far.js writes
    from `answer_citation_parts` and the page."""
    parts = answer_citation_parts(response, site)
    out = []
    for answer in response.answers:
        if not answer.transcribed:
            continue
        question = answer.question
        number = f"Q{question['id'][1:]}"
        said = f"{parts['who']}, answer to {number} {parts['of']}: “{question.get('text', '').strip()}”"
        said += "" if said.endswith(("?”", ".”", "!”")) else "."
        out.append(
            {
                "anchor": answer.anchor,
                "label": f"{number} {question.get('short', '')}".strip(),
                "text": f"{said} In {parts['name']}, {parts['url']}#{answer.anchor}. Accessed ACCESSED.",
            }
        )
    return out


__all__ = ["NAME", "Site", "answer_citation_parts", "answer_citations", "citation", "reply_citation"]
