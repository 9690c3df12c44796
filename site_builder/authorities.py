"""Every UK local authority, from mySociety's dataset, merged with what curators add in `content/councils.yaml`.

The dataset (`site_builder/data/uk_local_authorities.csv`, copied unchanged from upstream) gives each
authority's names, GSS code, three-letter code, nation, region, type, powers, county, dates,
successors and WhatDoTheyKnow body id. `content/councils.yaml` adds only what curators know: notes,
other names, bodies that are not councils, and a slug published before this dataset was used.

Slug rule (also in CONTRIBUTING.md and the data dictionary):

1. an authority with an entry in `content/councils.yaml` keeps that entry's slug (the entry is
   matched to the dataset by its `gss_code`, or by name when it has no code);
2. otherwise the dataset's `gov-uk-slug`, or `slugify(nice-name)` when it has none;
3. a former authority whose slug a current authority already holds takes `slugify(official-name)`
   (e.g. `somerset-county-council`, abolished 2023, beside today's `somerset`);
4. any other collision is an error.

A changed slug keeps a redirect through `former_slugs`.
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .records import Document, Problem

DATA = Path(__file__).parent / "data"
CSV_PATH = DATA / "uk_local_authorities.csv"

NATION_KEYS = {"England": "england", "Scotland": "scotland", "Wales": "wales", "Northern Ireland": "northern_ireland"}
TYPE_KEYS = {
    "LBO": "london_borough",
    "MD": "metropolitan_district",
    "CTY": "county",
    "UA": "unitary",
    "NMD": "district",
    "WPA": "welsh_principal_area",
    "SCO": "scottish_council",
    "NID": "ni_district",
    "CC": "city_corporation",
    "COMB": "combined_authority",
    "SRA": "strategic_authority",
}
# Who runs children's services (social care and education), by the dataset's `powers`.
CHILDREN = {
    "london_borough": ("yes", "A London borough runs children's social care and education for its area."),
    "metropolitan_district": ("yes", "A metropolitan district runs children's social care and education for its area."),
    "unitary": ("yes", "A unitary authority runs children's social care and education for its area."),
    "city_corporation": ("yes", "The City of London Corporation runs children's social care and education."),
    "county": ("yes", "A county council runs children's social care and education; its district councils do not."),
    "welsh_principal_area": ("yes", "A Welsh principal area runs children's social services and education."),
    "scottish_council": ("yes", "A Scottish council runs children's social work and education."),
    "district": ("no", "A district council: children's services here are run by the county council."),
    "ni_district": (
        "no",
        "Northern Ireland's councils run no children's social care: it sits with the Health and Social Care Trusts.",
    ),
    "combined_authority": ("no", "A combined authority: children's services stay with its member councils."),
    "strategic_authority": ("no", "The Greater London Authority: children's services stay with the London boroughs."),
}
CHILDREN_SERVICES = {"yes": "Yes", "no": "No", None: "Not a local authority"}
# Fields the dataset supplies; a curated entry that gives one must agree, or say why under `reason`.
OVERRIDABLE = ("name", "nation", "region", "type")
FROM_DATASET_ONLY = ("code", "wdtk_id")
CURATED = ("other_names", "notes", "sources", "former_slugs", "wdtk_url", "website", "reason")


def slugify(text: str, limit: int = 60) -> str:
    from .dataset import slugify as _slugify

    return _slugify(text, limit)


@functools.lru_cache(maxsize=1)
def rows() -> tuple[dict[str, str], ...]:
    """The dataset's rows, as read from the vendored CSV (read once per process)."""
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).strip()


_TITLE_WORDS = re.compile(
    r"\b(the|london borough of|royal borough of|city of|council|borough|county|city|district|metropolitan"
    r"|corporation)\b"
)


def _core(name: str) -> str:
    """A name without the words that say what kind of council it is: `Camden Borough Council` -> `camden`."""
    return " ".join(_TITLE_WORDS.sub(" ", _norm(name)).split())


@dataclass
class Register:
    """The whole register: every authority the records may name, and which of them get a page."""

    from_dataset: bool
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    """slug -> merged entry, for every authority a record may name."""
    always: set[str] = field(default_factory=set)
    """Slugs published whether or not a record names them: current authorities and curated entries."""
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    """Things worth tidying that do not stop the build (a curated field that repeats the dataset)."""

    def published(self, referenced: Iterable[str]) -> list[dict[str, Any]]:
        """The entries that get a page: current and curated ones, and former ones a record names."""
        wanted = self.always | set(referenced)
        out = [entry for slug, entry in self.entries.items() if slug in wanted]
        slugs = {e["slug"] for e in out}
        for entry in out:  # link only to pages that exist
            for key in ("successors", "predecessors"):
                if key in entry:
                    entry[key] = [s for s in entry[key] if s["slug"] in slugs]
            if entry.get("county") and entry["county"]["slug"] not in slugs:
                entry["county"] = {**entry["county"], "slug": None}
        return out


def build_register(doc: Document) -> Register:
    """Merge `content/councils.yaml` with the dataset (when the register opts in with `from_dataset: true`)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    curated = [e for e in data.get("councils") or [] if isinstance(e, dict) and isinstance(e.get("slug"), str)]
    register = Register(bool(data.get("from_dataset")))
    if not register.from_dataset:
        for i, entry in enumerate(data.get("councils") or []):
            if isinstance(entry, dict) and isinstance(entry.get("slug"), str):
                register.problems += _missing_fields(doc, i, entry, "")
                runs: str | None = None
                reason = "Not a local authority: see the notes on this page."
                if entry.get("type") in CHILDREN:
                    runs, reason = CHILDREN[entry["type"]]
                entry = {"children_services": runs, "children_services_reason": reason, **entry}
                register.entries.setdefault(entry["slug"], entry)
                register.always.add(entry["slug"])
        return register

    table = rows()
    by_code = {r["local-authority-code"]: r for r in table}
    by_gss: dict[str, dict[str, str]] = {}
    for r in table:
        for code in [r["gss-code"], *r["former-gss-codes"].split(",")]:
            if code:
                by_gss.setdefault(code, r)
    by_name: dict[str, list[dict[str, str]]] = {}
    for r in table:
        names = {r["official-name"], r["nice-name"], *r["alt-names"].split(",")}
        for n in {_norm(n) for n in names if n}:
            by_name.setdefault(n, []).append(r)

    by_core: dict[str, list[dict[str, str]]] = {}
    for r in table:
        for n in {_core(r["official-name"]), _core(r["nice-name"])}:
            by_core.setdefault(n, []).append(r)

    # Which curated entry belongs to which dataset row.
    matched: dict[str, tuple[int, dict[str, Any]]] = {}
    extra: list[tuple[int, dict[str, Any]]] = []
    for i, entry in ((i, e) for i, e in enumerate(data.get("councils") or []) if e in curated):
        gss = entry.get("gss_code")
        row = None
        if gss:
            row = by_gss.get(gss)
            if row is None:
                register.problems.append(
                    doc.problem(
                        ("councils", i, "gss_code"),
                        f"GSS code '{gss}' is not in mySociety's dataset (site_builder/data/uk_local_authorities.csv). "
                        "Check the code; for a body that is not a local authority leave `gss_code` out.",
                    )
                )
                continue
        elif entry.get("type") != "other_public_body" and isinstance(entry.get("name"), str):
            found = by_name.get(_norm(entry["name"]), []) or by_core.get(_core(entry["name"]), [])
            current = [r for r in found if r["current-authority"] == "True"]
            found = current or found
            if len(found) == 1:
                row = found[0]
            elif len(found) > 1:
                several = ", ".join(f"{r['official-name']} ({r['gss-code']})" for r in found)
                register.problems.append(
                    doc.problem(
                        ("councils", i, "name"),
                        f"'{entry['name']}' matches several authorities in the dataset: {several}. "
                        "Add `gss_code` to say which.",
                    )
                )
                continue
        if row is None:
            register.problems += _missing_fields(doc, i, entry, " and it is not in mySociety's dataset")
            extra.append((i, entry))
            continue
        code = row["local-authority-code"]
        if code in matched:
            first = matched[code][1]["slug"]
            register.problems.append(
                doc.problem(
                    ("councils", i, "slug"),
                    f"'{entry['slug']}' is {row['official-name']}, which entry '{first}' already is; "
                    "keep one entry (merge their notes and other names).",
                )
            )
            continue
        matched[code] = (i, entry)

    # Slugs: curated first, then current authorities, then former ones.
    slug_of: dict[str, str] = {}
    owner: dict[str, str] = {}
    for _i, entry in extra:
        owner.setdefault(entry["slug"], f"entry '{entry['slug']}'")
    for code, (_i, entry) in matched.items():
        slug_of[code] = entry["slug"]
        owner[entry["slug"]] = code
    ordered = sorted(table, key=lambda r: r["current-authority"] != "True")
    for r in ordered:
        code = r["local-authority-code"]
        if code in slug_of:
            continue
        slug = r["gov-uk-slug"] or slugify(r["nice-name"])
        if slug in owner and r["current-authority"] != "True":
            slug = slugify(r["official-name"])
        if slug in owner:
            other = owner[slug]
            register.problems.append(
                Problem(
                    doc.display,
                    1,
                    "councils",
                    f"slug '{slug}' would be given to both {r['official-name']} ({code}) and {other}. "
                    "Give one of them an entry with its own slug in content/councils.yaml.",
                )
            )
            continue
        slug_of[code] = slug
        owner[slug] = code

    before: dict[str, list[str]] = {}
    for r in table:
        for code in _codes(r["replaced-by"]):
            before.setdefault(code, []).append(r["local-authority-code"])
    for r in table:
        code = r["local-authority-code"]
        if code not in slug_of:
            continue
        where, entry = matched.get(code, (None, {}))
        merged = _from_row(r, slug_of, by_code, before)
        if entry:
            merged.update(_curate(doc, where, entry, merged, register))
        register.entries[merged["slug"]] = merged
        if r["current-authority"] == "True" or entry:
            register.always.add(merged["slug"])
    for _i, entry in extra:
        merged = {**entry, "dataset": False, "current": True}
        merged.setdefault("children_services", None)
        merged.setdefault("children_services_reason", "Not a local authority: see the notes on this page.")
        register.entries.setdefault(entry["slug"], merged)
        register.always.add(entry["slug"])
    # A former slug keeps a redirect, so it must not be another authority's slug.
    for i, entry in enumerate(data.get("councils") or []):
        for j, old in enumerate(entry.get("former_slugs") or [] if isinstance(entry, dict) else []):
            if old in register.entries and old != entry.get("slug"):
                register.problems.append(
                    doc.problem(
                        ("councils", i, "former_slugs", j),
                        f"'{old}' is the slug of {register.entries[old]['name']}; a former slug must not be reused.",
                    )
                )
    register.entries = dict(sorted(register.entries.items()))
    return register


def _missing_fields(doc: Document, i: int, entry: dict[str, Any], why: str) -> list[Problem]:
    missing = [k for k in ("name", "nation", "type") if k not in entry]
    if not missing:
        return []
    return [
        doc.problem(
            ("councils", i),
            f"'{entry['slug']}' needs {', '.join(f'`{k}`' for k in missing)}: it has no `gss_code`{why}. "
            "Add the GSS code of a local authority (the rest then comes from the dataset), or the missing fields.",
        )
    ]


def _curate(
    doc: Document, i: int | None, entry: dict[str, Any], merged: dict[str, Any], register: Register
) -> dict[str, Any]:
    """What a curated entry adds to a dataset row; conflicts without a `reason` are problems."""
    out: dict[str, Any] = {"slug": entry["slug"]}
    assert i is not None
    for key in CURATED:
        if key in entry:
            out[key] = entry[key]
    differs = False
    for key in OVERRIDABLE:
        if key not in entry:
            continue
        differs = differs or entry[key] != merged.get(key)
        if entry[key] == merged.get(key):
            register.notices.append(
                f"{doc.display}:{doc.line_of(('councils', i, key))}: {key}: '{entry['slug']}' repeats what "
                f"mySociety's dataset says ({entry[key]!r}); the line can go."
            )
        elif entry.get("reason"):
            out[key] = entry[key]
            if key == "name":  # the dataset's name stays findable
                out["other_names"] = [*entry.get("other_names", []), merged["name"]]
        else:
            register.problems.append(
                doc.problem(
                    ("councils", i, key),
                    f"mySociety's dataset says {merged.get(key)!r}; this entry says {entry[key]!r}. "
                    "Remove the field (the dataset supplies it), or say why it differs under `reason`.",
                )
            )
    if not differs and set(entry) <= {"slug", "gss_code", *OVERRIDABLE} and entry["slug"] == _rule_slug(merged):
        register.notices.append(
            f"{doc.display}:{doc.line_of(('councils', i))}: '{entry['slug']}' adds nothing to mySociety's dataset "
            "(same slug, no notes or other names); the entry can go."
        )
    return out


def _rule_slug(merged: dict[str, Any]) -> str:
    return merged.get("gov_uk_slug") or slugify(merged.get("short_name") or merged["name"])


def _codes(value: str) -> list[str]:
    return [c for c in value.split(",") if c]


def _from_row(
    r: dict[str, str], slug_of: dict[str, str], by_code: dict[str, dict[str, str]], before: dict[str, list[str]]
) -> dict[str, Any]:
    kind = TYPE_KEYS[r["local-authority-type"]]
    nation = NATION_KEYS[r["nation"]]
    region = _norm(r["region"]).replace(" ", "_") if nation == "england" and r["region"] else None
    runs, reason = CHILDREN[kind]
    county = None
    if r["county-la"] in by_code:
        c = by_code[r["county-la"]]
        county = {"slug": slug_of.get(c["local-authority-code"]), "name": c["official-name"], "code": c["gss-code"]}
        if kind == "district":
            reason = f"A district council: children's services here are run by {c['official-name']}."
    wdtk = r["wdtk-id"].removesuffix(".0") if r["wdtk-id"] else None

    def link(code: str) -> dict[str, Any]:
        other = by_code[code]
        return {"slug": slug_of.get(code), "name": other["official-name"], "code": code}

    successors = [link(c) for c in _codes(r["replaced-by"]) if c in by_code]
    predecessors = [link(code) for code in before.get(r["local-authority-code"], [])]
    return {
        "slug": slug_of[r["local-authority-code"]],
        "name": r["official-name"],
        "short_name": r["nice-name"],
        "nation": nation,
        "region": region,
        "type": kind,
        "gss_code": r["gss-code"] or None,
        "code": r["local-authority-code"],
        "wdtk_id": wdtk,
        "wdtk_search_url": f"https://www.whatdotheyknow.com/search/{quote(r['official-name'], safe='')}/bodies",
        "gov_uk_slug": r["gov-uk-slug"] or None,
        "current": r["current-authority"] == "True",
        "start_date": r["start-date"] or None,
        "end_date": r["end-date"] or None,
        "successors": [s for s in successors if s["slug"]],
        "predecessors": [p for p in predecessors if p["slug"]],
        "county": county,
        "children_services": runs,
        "children_services_reason": reason,
        "dataset": True,
    }


def suggest(slug: str, known: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(slug, list(known), n=1, cutoff=0.6)
    return close[0] if close else None
