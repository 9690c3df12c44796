"""Which pages the register generates, and the markers hand-written pages use to pull in tables.

Generated pages are rendered straight to HTML from templates (Python-Markdown never sees them, which
keeps the build fast and contributor text away from raw-HTML handling). A hand-written page in
`docs/` can include a generated block with a marker on a line of its own, e.g.
`<!-- far:figures -->`; the block is swapped in after Markdown has run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from . import blocks
from .cite import Site, citation
from .dataset import Council, Dataset
from .render import base_for, render


@dataclass
class Rendered:
    html: str
    meta: dict[str, Any] = field(default_factory=dict)
    toc: list[dict[str, Any]] = field(default_factory=list)


Renderer = Callable[[Page, MkDocsConfig], Rendered]


def generated_pages(data: Dataset, site: Site) -> dict[str, Renderer]:
    """Every page the register adds to the site, keyed by its source path."""
    mentions = data.mentions()
    out: dict[str, Renderer] = {
        "councils/index.md": _simple(
            "councils_index.html", "Councils", "Every authority in the register.", councils=data.councils_by_name
        ),
        "compare/index.md": _simple(
            "compare_index.html",
            "Compare",
            "Answers to the same question, authority by authority.",
            batches=list(data.batches.values()),
            question_stats=data.question_stats,
        ),
        "coverage/index.md": _simple(
            "coverage.html",
            "Coverage",
            "Which authorities were asked, answered, refused, and transcribed.",
            batches=list(data.batches.values()),
            coverage=data.coverage,
        ),
        "suppliers/index.md": _simple(
            "suppliers_index.html",
            "Systems and suppliers",
            "Systems, suppliers and partners named in councils' replies.",
            mentions=mentions,
        ),
        "exemptions/index.md": _simple(
            "exemptions.html",
            "Exemptions cited",
            "FOI exemptions cited by authorities, counted.",
            exemptions=data.exemptions(),
            refused=data.refused_count(),
        ),
    }
    for council in data.councils.values():
        out[f"councils/{council.slug}.md"] = _council_renderer(council, site)
    for batch in data.batches.values():
        for question in batch["questions"]:
            rows = data.question_rows(batch["id"], question["id"])
            out[f"compare/{batch['id']}/{question['id']}.md"] = _simple(
                "compare_question.html",
                f"Q{question['id'][1:]} {question.get('short', '')}: {batch['title']}",
                f"Every authority's answer to question {question['id'][1:]} of {batch['title']}.",
                batch=batch,
                question=question,
                rows=rows,
            )
    out["systems/index.md"] = _simple(
        "systems_index.html",
        "Systems over time",
        "Systems that several sources name, with every reply and report about each, authority by authority.",
        systems=list(data.systems.values()),
    )
    for system in data.systems.values():
        out[f"systems/{system.slug}.md"] = _simple(
            "system.html",
            system.name,
            f"Every FOI reply and public report recorded here that names {system.name}, authority by authority.",
            system=system,
        )
    for slug, items in mentions.items():
        out[f"suppliers/{slug}.md"] = _simple(
            "supplier.html", items[0].name, f"Where {items[0].name} is named in councils' FOI replies.", items=items
        )
    return out


def _simple(template: str, title: str, description: str, **context: Any) -> Renderer:
    def render_page(page: Page, config: MkDocsConfig) -> Rendered:
        meta = {"title": title, "description": description, "hide": ["navigation", "toc"]}
        return Rendered(render(template, base_for(page.url), **context), meta)

    return render_page


def _council_renderer(council: Council, site: Site) -> Renderer:
    def render_page(page: Page, config: MkDocsConfig) -> Rendered:
        html = render(
            "council.html",
            base_for(page.url),
            council=council,
            site=site,
            changes=site.changes(council),
            cite=citation(council, site),
        )
        return Rendered(html, {"title": council.name, "description": _describe(council)}, _council_toc(council))

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
            ],
        }
        for r in council.responses
    ]


MARKER = re.compile(r"^<!--\s*far:([a-z-]+)(?:\s+([^>]*?))?\s*-->\s*$", re.MULTILINE)
_TOKEN = "FARBLOCK{}X"


def expand_markers(markdown: str, data: Dataset, url: str, site: Site) -> tuple[str, dict[str, str]]:
    """Replace each marker with a placeholder paragraph; return the HTML each one stands for."""
    found: dict[str, str] = {}

    def swap(match: re.Match[str]) -> str:
        name, argument = match.group(1), (match.group(2) or "").strip()
        token = _TOKEN.format(len(found))
        found[token] = blocks.render_block(name, argument, data, base_for(url), site)
        return f"\n{token}\n"

    return MARKER.sub(swap, markdown), found


def fill_markers(html: str, src_uri: str, rendered: dict[str, str]) -> str:
    prefix = f"{src_uri}#"
    for key in [k for k in rendered if k.startswith(prefix)]:
        token = key[len(prefix) :]
        html = html.replace(f"<p>{token}</p>", rendered.pop(key))
    return html
