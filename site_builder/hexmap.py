"""A hex map of UK local authorities, drawn at build time as SVG from Open Innovations' HexJSON.

The map (`data/hexmaps/uk-local-authority-districts-2023.hexjson`) has one hex per current
lower-tier or unitary authority (361). County councils have no hex of their own: where the map is
about children's services, which every map on this site is, an English district's hex shows what
is known of its county, which runs them; a district with a record of its own carries a dot. Each
hex is a link to the authority's page with an accessible name saying what it shows; a table beside
the map says the same in words. No script is needed to see or use it.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from .dataset import Council, Dataset

HEXJSON = Path(__file__).parent / "data" / "hexmaps" / "uk-local-authority-districts-2023.hexjson"
SIZE = 10.0  # centre to corner, in SVG units
WIDTH = math.sqrt(3) * SIZE

# What is known, and how each state is drawn: a fill class (colour and pattern) and a symbol for
# the table, so the legend never relies on colour alone.
OVERALL = {
    "none": ("No request recorded", "far-hx-none", "–"),
    "asked": ("Asked, no answer recorded", "far-hx-asked", "○"),
    "refused": ("Refused or not held", "far-hx-refused", "✕"),
    "replied": ("Answered, not yet transcribed", "far-hx-replied", "◐"),
    "answered": ("Answered, transcribed here", "far-hx-answered", "●"),
}
CODED_STATES = {
    "yes": ("Yes", "far-hx-answered", "●"),
    "provided": ("Provided", "far-hx-answered", "●"),
    "no": ("No", "far-hx-no", "◆"),
    "none_held": ("None held", "far-hx-no", "◆"),
    "withheld": ("Withheld", "far-hx-refused", "✕"),
    "unclear": ("Unclear or not stated", "far-hx-unclear", "?"),
    "not_transcribed": ("Asked, not transcribed", "far-hx-asked", "○"),
    "none": ("No request recorded", "far-hx-none", "–"),
}
# Patterns behind the fills (one map per page, so fixed ids; the legend's swatches use them too).
PATTERNS = (
    '<pattern id="far-p-asked" width="4" height="4" patternUnits="userSpaceOnUse">'
    '<rect width="4" height="4" fill="#dde3f6"/><circle cx="2" cy="2" r="0.9" fill="#283593"/></pattern>'
    '<pattern id="far-p-replied" width="4" height="4" patternUnits="userSpaceOnUse">'
    '<rect width="4" height="4" fill="#c5cae9"/><rect width="1.6" height="4" fill="#283593"/></pattern>'
    '<pattern id="far-p-refused" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<rect width="4" height="4" fill="#fde3cc"/><rect width="1.6" height="4" fill="#a33b00"/></pattern>'
    '<pattern id="far-p-no" width="4" height="4" patternUnits="userSpaceOnUse">'
    '<rect width="4" height="4" fill="#e6e6e6"/><rect width="4" height="1.4" fill="#424242"/></pattern>'
    '<pattern id="far-p-unclear" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<rect width="4" height="4" fill="#f3e5f5"/><rect width="1.2" height="4" fill="#6a1b9a"/>'
    '<rect width="4" height="1.2" fill="#6a1b9a"/></pattern>'
)
_ANSWERED = {"successful", "partially_successful", "published"}
_REFUSED = {"refused", "not_held"}


@dataclass(frozen=True)
class Hex:
    code: str
    name: str
    x: float
    y: float


@functools.lru_cache(maxsize=1)
def hexes() -> tuple[Hex, ...]:
    """Every hex of the map with its centre (odd-r layout: odd rows shift right half a hex; r grows northwards)."""
    data = json.loads(HEXJSON.read_text(encoding="utf-8"))
    if data.get("layout") != "odd-r":
        raise ValueError(f"{HEXJSON.name}: expected the odd-r layout, found {data.get('layout')!r}")
    cells = data["hexes"]
    top = max(h["r"] for h in cells.values())
    left = min(h["q"] for h in cells.values())
    out = []
    for code, h in cells.items():
        x = (h["q"] - left) * WIDTH + (WIDTH / 2 if h["r"] % 2 else 0) + WIDTH / 2
        y = (top - h["r"]) * 1.5 * SIZE + SIZE
        out.append(Hex(code, h["n"], round(x, 1), round(y, 1)))
    return tuple(sorted(out, key=lambda h: (h.y, h.x)))


def _extent() -> tuple[float, float]:
    cells = hexes()
    return round(max(h.x for h in cells) + WIDTH, 1), round(max(h.y for h in cells) + SIZE + 1, 1)


def overall_state(council: Council | None) -> str:
    """What is known of an authority across every campaign."""
    if council is None or not council.responses:
        return "none"
    if any(r.transcribed for r in council.responses):
        return "answered"
    if any(r.status in _ANSWERED for r in council.responses):
        return "replied"
    if any(r.status in _REFUSED for r in council.responses):
        return "refused"
    return "asked"


def question_state(rows: Iterable[tuple[Any, Any]]) -> Callable[[Council | None], str]:
    """For a compare page: each authority's coded answer to the question, best known first."""
    order = ["yes", "provided", "no", "none_held", "withheld", "unclear", "not_transcribed"]
    found: dict[str, str] = {}
    for response, answer in rows:
        if not answer.transcribed:
            value = "not_transcribed"
        elif answer.kind == "use":
            values = {answer.coded(k) for k in ("data_analytics", "predictive_analytics", "artificial_intelligence")}
            value = "yes" if "yes" in values else "no" if values == {"no"} else "unclear"
        elif answer.kind == "documents":
            value = answer.coded()
            value = value if value in CODED_STATES else "unclear"
        else:
            value = "yes" if answer.transcribed else "not_transcribed"
        slug = response.council["slug"]
        if slug not in found or order.index(value) < order.index(found[slug]):
            found[slug] = value

    def state(council: Council | None) -> str:
        return found.get(council.slug, "none") if council is not None else "none"

    return state


def render_map(
    data: Dataset,
    base: str,
    map_id: str,
    title: str,
    state: Callable[[Council | None], str] = overall_state,
    states: dict[str, tuple[str, str, str]] = OVERALL,
    text_alternative: bool = True,
) -> Markup:
    """The map, its legend and (in a disclosure) the same facts as a table."""
    width, height = _extent()
    shown: list[tuple[Place, str, bool]] = []
    for place in places(data):
        own = state(place.council)
        if place.county is not None:  # children's services are the county's
            shown.append((place, state(place.county), own != "none"))
        else:
            shown.append((place, own, False))
    counts = {key: 0 for key in states}
    for _place, key, _dot in shown:
        counts[key] = counts.get(key, 0) + 1
    parts = [
        f'<figure class="far-map" id="{map_id}" data-pagefind-ignore="all">',
        f'<figcaption id="{map_id}-title" class="far-map__title">{escape(title)}</figcaption>',
        '<ul class="far-map__legend" aria-label="Key">',
    ]
    for key, (label, css, symbol) in states.items():
        if counts.get(key):
            parts.append(
                f'<li><svg class="far-map__swatch" viewBox="0 0 20 20" aria-hidden="true" focusable="false">'
                f'<rect class="{css}" x="1" y="1" width="18" height="18"/></svg>'
                f'<span aria-hidden="true" class="far-map__symbol">{symbol}</span> {escape(label)} '
                f"({counts[key]} {'area' if counts[key] == 1 else 'areas'})</li>"
            )
    if any(dot for _place, _key, dot in shown):
        parts.append(
            '<li><svg class="far-map__swatch" viewBox="0 0 20 20" aria-hidden="true" focusable="false">'
            '<rect class="far-hx-none" x="1" y="1" width="18" height="18"/><circle class="far-hx-dot" cx="10" cy="10" '
            'r="3.5"/></svg> A district: colour of its county, which runs children\'s services; dot: the district '
            "itself has a recorded request</li>"
        )
    parts.append("</ul>")
    parts.append(f'<a class="far-map__skip" href="#{map_id}-after">Skip the map\'s {len(shown)} links</a>')
    parts.append(
        f'<svg class="far-map__svg" viewBox="0 0 {width} {height}" role="group" aria-labelledby="{map_id}-title">'
        f'<defs><path id="{map_id}-h" d="{_hex_path()}"/>{PATTERNS}</defs>'
    )
    for place, key, dot in shown:
        cell = place.cell
        label = place.label(states[key][0].lower(), dot)
        use = f'<use href="#{map_id}-h" x="{cell.x}" y="{cell.y}" class="{states[key][1]}"/>'
        if dot:
            use += f'<circle class="far-hx-dot" cx="{cell.x}" cy="{cell.y}" r="2.6"/>'
        if place.council is not None:
            parts.append(f'<a href="{base}councils/{place.council.slug}/" aria-label="{label}">{use}</a>')
        else:
            parts.append(f'<g role="img" aria-label="{label}">{use}</g>')
    parts.append(f'</svg><span id="{map_id}-after"></span>')
    if text_alternative:
        parts.append(_table(shown, states, base, map_id))
    parts.append("</figure>")
    return Markup("".join(parts))


@dataclass
class Place:
    """One hex with what never changes between maps: its authority, the county running its children's services."""

    cell: Hex
    council: Council | None
    county: Council | None
    name: str  # escaped
    runs: str  # escaped: who runs children's services here

    def label(self, state: str, dot: bool) -> str:
        if self.county is None:
            return f"{self.name}: {escape(state)}"
        text = f"{self.name}: children's services run by {self.runs}, {escape(state)}"
        return text + ("; the district itself has a recorded request" if dot else "")


def places(data: Dataset) -> list[Place]:
    """The map's hexes joined to the register, worked out once per dataset."""
    cached = data.__dict__.get("_hexmap_places")
    if cached is not None:
        return cached
    by_gss = {c.data.get("gss_code"): c for c in data.councils.values() if c.data.get("gss_code")}
    out = []
    for cell in hexes():
        council = by_gss.get(cell.code)
        county = None
        if council is not None and council.data.get("type") == "district":
            county = data.councils.get((council.data.get("county") or {}).get("slug") or "")
        if county is not None:
            runs = str(escape(county.name))
        elif council is not None and council.data.get("children_services") == "yes":
            runs = "The authority itself"
        else:
            runs = "No council runs them (Northern Ireland: Health and Social Care Trusts)"
        name = str(escape(council.name if council is not None else cell.name))
        out.append(Place(cell, council, county, name, runs))
    data.__dict__["_hexmap_places"] = out
    return out


def _table(
    shown: list[tuple[Place, str, bool]], states: dict[str, tuple[str, str, str]], base: str, map_id: str
) -> str:
    rows = []
    for place, key, dot in sorted(shown, key=lambda s: s[0].name.lower()):
        link = f'<a href="{base}councils/{place.council.slug}/">{place.name}</a>' if place.council else place.name
        note = " (district has its own record)" if dot else ""
        rows.append(
            f"<tr><td>{link}</td><td>{place.runs}</td><td>{states[key][2]} {escape(states[key][0])}{note}</td></tr>"
        )
    return (
        f'<details class="far-map__table"><summary>The map as a table ({len(rows)} areas)</summary>'
        f'<div class="far-table-wrap"><table class="far-table" id="{map_id}-table">'
        f'<caption class="far-caption">Each area of the map</caption>'
        '<thead><tr><th scope="col">Authority</th><th scope="col">Children\'s services run by</th>'
        '<th scope="col">What is known</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></div></details>"
    )


def _hex_path() -> str:
    """A pointy-top hexagon around (0, 0), a little smaller than its cell so neighbours show a gap."""
    r = SIZE * 0.94
    points = [(r * math.cos(math.radians(a)), r * math.sin(math.radians(a))) for a in range(-90, 270, 60)]
    return "M" + "L".join(f"{x:.2f},{y:.2f}" for x, y in points) + "Z"
