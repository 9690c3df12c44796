"""Which pages the register generates, and the markers hand-written pages use to pull in tables.

Generated pages are rendered straight to HTML from templates (Python-Markdown never sees them, which
keeps the build fast and contributor text away from raw-HTML handling). A hand-written page in
`docs/` can include a generated block with a marker on a line of its own, e.g.
`<!-- far:figures -->`; the block is swapped in after Markdown has run.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from . import blocks, hexmap, summary
from .changes import Listed, from_records, listed
from .cite import answer_citation_parts, citation, reply_citation
from .context import Site
from .coverage import MAP_TITLE, authority_coverage
from .dataset import Council, Dataset
from .render import base_for, render

KINDS = (
    "council",
    "councils",
    "compare",
    "coverage",
    "suppliers",
    "supplier",
    "exemptions",
    "systems",
    "system",
    "changes",
    "problems",
    "prose",
)
"""What a page is, carried in its meta as `far_kind`: the theme and the plugin read it, never the URL."""


@dataclass
class Rendered:
    """One page's rendering, kept whole from Markdown time to HTML time.

    A generated page has `html` (its `<h1>` included), its `meta` and `toc`. A hand-written page
    has `blocks`: the HTML each marker placeholder in its Markdown stands for."""

    html: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    toc: list[dict[str, Any]] = field(default_factory=list)
    blocks: dict[str, str] = field(default_factory=dict)
    packed: bytes = b""  # a generated page's `html`, compressed while it waits to be written (`held`)
    ids: frozenset[str] = frozenset()  # with `packed`: the anchors `html` had

    @property
    def kind(self) -> str:
        return self.meta.get("far_kind", "prose")

    @property
    def generated(self) -> bool:
        return self.kind != "prose"


Renderer = Callable[[str], Rendered]
"""Renders a page given its URL (e.g. `councils/westminster/`), the only thing it needs to know."""

# Council pages outrank other pages that mention the authority's name.
SEARCH_WEIGHT = {"council": 10}


# The id of every generated page's `<h1>`: where the skip link lands (theme/main.html).
TITLE_ID = "far-title"


def heading(title: str, kind: str) -> str:
    """The page's `<h1>` as HTML, with the search weight its kind carries."""
    weight = SEARCH_WEIGHT.get(kind)
    if weight is None:
        return str(Markup('<h1 id="{}">{}</h1>\n').format(TITLE_ID, title))
    return str(Markup('<h1 id="{}" data-pagefind-weight="{}">{}</h1>\n').format(TITLE_ID, weight, title))


def page_toc(title: str, toc: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The table of contents under the page's heading, as MkDocs makes it for a Markdown page
    that starts with `# Title`: Material's "Skip to content" then lands on the heading, not on the
    first section after the facts, and its sidebar lists the sections as before."""
    return [{"level": 1, "id": TITLE_ID, "name": str(escape(title)), "children": toc}]


def generated_pages(data: Dataset, site: Site) -> dict[str, Renderer]:
    """Every page the register adds to the site, keyed by its source path."""
    mentions = data.mentions()
    out: dict[str, Renderer] = {
        "councils/index.md": _simple(
            "councils",
            "councils_index.html",
            "Councils",
            "Every authority in the register.",
            councils=data.councils_by_name,
        ),
        "compare/index.md": _simple(
            "compare",
            "compare_index.html",
            "Compare",
            "Answers to the same question, authority by authority.",
            batches=list(data.batches.values()),
            question_stats=data.question_stats,
        ),
        "coverage/index.md": _simple(
            "coverage",
            "coverage.html",
            "Coverage",
            "Which authorities were asked, answered, refused, and transcribed.",
            batches=list(data.batches.values()),
            coverage=data.coverage,
            whole=authority_coverage(data),
            hexmap=functools.partial(hexmap.render_map, data, map_id="coverage-map", title=MAP_TITLE),
        ),
        "suppliers/index.md": _simple(
            "suppliers",
            "suppliers_index.html",
            "Systems and suppliers",
            "Systems, suppliers and partners named in councils' replies.",
            h1="Suppliers",  # the name the navigation gives it
            mentions=mentions,
        ),
        "exemptions/index.md": _simple(
            "exemptions",
            "exemptions.html",
            "Exemptions cited",
            "FOI exemptions cited by authorities, counted.",
            exemptions=data.exemptions(),
            refused=data.refused_count(),
        ),
    }
    out["changes/index.md"] = _changes_page(data, site)
    for council in data.councils.values():
        out[f"councils/{council.slug}.md"] = _council_renderer(council, site, list(data.batches.values()))
    for batch in data.batches.values():
        for question in batch["questions"]:
            rows = data.question_rows(batch["id"], question["id"])
            out[f"compare/{batch['id']}/{question['id']}.md"] = _simple(
                "compare",
                "compare_question.html",
                f"Q{question['id'][1:]} {question.get('short', '')}: {batch['title']}",
                f"Every authority's answer to question {question['id'][1:]} of {batch['title']}.",
                batch=batch,
                question=question,
                rows=rows,
                hexmap=functools.partial(
                    hexmap.render_map,
                    data,
                    map_id="compare-map",
                    title=f"Answers to Q{question['id'][1:]} on a map of UK authorities",
                    state=hexmap.question_state(rows),
                    states=hexmap.CODED_STATES,
                ),
            )
    out["systems/index.md"] = _simple(
        "systems",
        "systems_index.html",
        "Systems over time",
        "Systems that several sources name, with every reply and report about each, authority by authority.",
        systems=list(data.systems.values()),
    )
    for system in data.systems.values():
        out[f"systems/{system.slug}.md"] = _simple(
            "system",
            "system.html",
            system.name,
            f"Every FOI reply and public report recorded here that names {system.name}, authority by authority.",
            system=system,
        )
    for slug, items in mentions.items():
        out[f"suppliers/{slug}.md"] = _simple(
            "supplier",
            "supplier.html",
            items[0].name,
            f"Where {items[0].name} is named in councils' FOI replies.",
            items=items,
        )
    return out


def _simple(kind: str, template: str, title: str, description: str, h1: str = "", **context: Any) -> Renderer:
    def render_page(url: str) -> Rendered:
        meta = {"title": title, "description": description, "hide": ["navigation", "toc"], "far_kind": kind}
        return Rendered(heading(h1 or title, kind) + render(template, base_for(url), **context), meta)

    return render_page


def _changes_page(data: Dataset, site: Site) -> Renderer:
    found = site.record_changes if site.record_changes is not None else from_records(data)
    days: dict[str, list[Listed]] = {}
    for item in listed(found, data):
        days.setdefault(item.change.day, []).append(item)
    return _simple(
        "changes",
        "changes.html",
        "What changed",
        "What changed in the register's records, day by day, in words.",
        days=list(days.items()),
        from_git=site.record_changes is not None,
    )


def _council_renderer(council: Council, site: Site, batches: list[dict[str, Any]]) -> Renderer:
    def render_page(url: str) -> Rendered:
        html = render(
            "council.html",
            base_for(url),
            council=council,
            site=site,
            changes=site.changes_to(council) if site.record_changes is not None else None,
            cite=citation(council, site),
            lead=summary.lead(council),
            answer_citation_parts=answer_citation_parts,
            reply_citation=reply_citation,
            batches=batches,
        )
        meta = {"title": council.name, "description": _describe(council), "far_kind": "council"}
        return Rendered(heading(council.name, "council") + html, meta, _council_toc(council))

    return render_page


def _describe(council: Council) -> str:
    latest = council.latest
    if latest is None:
        return f"{council.name}: no FOI response recorded yet."
    return (
        f"{council.name}: {len(council.responses)} FOI request(s) on data analytics, predictive analytics "
        f"and AI in children's services; latest status: {latest.status.replace('_', ' ')}."
    )


def _council_toc(council: Council) -> list[dict[str, Any]]:
    story = [{"level": 2, "id": "story", "name": "Story over time", "children": []}]
    reported = [{"level": 2, "id": "reported-elsewhere", "name": "Reported elsewhere", "children": []}]
    return (story if len(council.story()) > 1 else []) + _requests_toc(council) + (reported if council.findings else [])


def _requests_toc(council: Council) -> list[dict[str, Any]]:
    return [
        {
            "level": 2,
            "id": r.id,
            "name": str(escape(r.title)),
            "children": [
                {
                    "level": 3,
                    "id": a.anchor,
                    "name": str(escape(f"Q{a.question['id'][1:]} {a.question.get('short', '')}".strip())),
                    "children": [],
                }
                for a in r.answers
                if a.transcribed  # the others share one line, not a heading each
            ],
        }
        for r in council.responses
    ]


MARKER = re.compile(r"^<!--\s*far:([a-z-]+)(?:\s+([^>]*?))?\s*-->\s*$", re.MULTILINE)
_TOKEN = "FARBLOCK{}X"


def expand_markers(markdown: str, data: Dataset, url: str, site: Site) -> tuple[str, Rendered]:
    """Replace each marker with a placeholder paragraph; return the Markdown and a hand-written
    page's rendering: the HTML each placeholder stands for, and what the blocks add to its meta."""
    page = Rendered(meta={"far_kind": "prose"})

    def swap(match: re.Match[str]) -> str:
        name, argument = match.group(1), (match.group(2) or "").strip()
        token = _TOKEN.format(len(page.blocks))
        html, meta = blocks.render_block(name, argument, data, base_for(url), site)
        page.blocks[token] = html
        page.meta.update(meta)
        return f"\n{token}\n"

    return MARKER.sub(swap, markdown), page


def fill_markers(html: str, page: Rendered) -> str:
    """Put each block's HTML where Markdown left its placeholder paragraph."""
    for token, block in page.blocks.items():
        html = html.replace(f"<p>{token}</p>", block)
    return html
