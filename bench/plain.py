"""The baseline: the same text as pre-written Markdown pages, one per authority, for a plugin-free build.

Each page carries what the register's council page shows (facts, a contents list, one section per
request with its meta table, one heading per question with its coded values as a table, the
summary, the evidence as block quotes, systems as a table, partnerships, notes and sources), so
Python-Markdown, the table of contents and Material's templates do the work they would do for a
hand-written site of the same size.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from .synth import Dataset

_USE_LABELS = {
    "data_analytics": "Data analytics",
    "predictive_analytics": "Predictive analytics",
    "artificial_intelligence": "Artificial intelligence",
}


def _cell(text: Any) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def _dated(value: Any) -> str:
    return value["date"] if isinstance(value, dict) else str(value or "Unknown")


def _response(r: dict[str, Any], batch: dict[str, Any]) -> list[str]:
    rid = batch["id"]
    dates = r.get("dates") or {}
    out = [
        f"## {batch['title']} {{#{rid}}}",
        "",
        "| Field | Value |",
        "|---|---|",
        f"| Status | {_cell(r['status'])} {_cell(r.get('status_note'))} |",
        f"| Sent | {_dated(dates.get('sent'))} |",
        f"| Replied | {_dated(dates.get('replied'))} |",
        f"| Council reference | {_cell(r.get('council_reference'))} |",
        f"| Requester | {_cell(r['request']['requester']['name'])} |",
        f"| Request | [{_cell(r['request']['title'])}]({r['request']['url']}) |",
        "| Exemptions cited | " + "; ".join(f"{e['law']} s.{e['section']}" for e in r.get("exemptions") or []) + " |",
        "",
    ]
    out += [f"Requester: {r['request']['requester']['note']}", ""]
    for key in ("sent", "replied"):
        if isinstance(dates.get(key), dict) and dates[key].get("note"):
            out += [f"{key.capitalize()} date: {dates[key]['note']}", ""]
    for fix in r.get("corrections") or []:
        out += [f"**Correction, {fix['date']}.**", "", fix["text"], ""]
    out += [f"{len(r['answers'])} of {len(batch['questions'])} answers transcribed.", ""]
    for q in batch["questions"]:
        answer = r["answers"][q["id"]]
        anchor = f"{rid}-{q['id']}"
        out += [f"### Q{q['id'][1:]} {q['short']} {{#{anchor}}}", "", q["text"], ""]
        coded = answer["coded"]
        if isinstance(coded, dict):
            out += [
                "| " + " | ".join(_USE_LABELS[k] for k in coded) + " |",
                "|---|---|---|",
                "| " + " | ".join(coded.values()) + " |",
                "",
            ]
        else:
            out += ["| Documents |", "|---|", f"| {coded} |", ""]
        out += [answer["summary"], "", "**Evidence**", ""]
        for e in answer["evidence"]:
            out += [
                f"> {e['text']}" if e["kind"] == "quote" else e["text"],
                "",
                f"Quoted from {e['location']}",
                "",
            ]
    if r.get("systems"):
        out += [
            f"### Systems and suppliers named {{#{rid}-systems}}",
            "",
            "| System | Supplier | Status | Purpose | Named in |",
            "|---|---|---|---|---|",
        ]
        out += [
            f"| {s['name']} | {_cell(s.get('supplier') or 'Not stated')} | {s['status']} | "
            f"{_cell(s.get('purpose'))} | [Q{s['question'][1:]}](#{rid}-{s['question']}) |"
            for s in r["systems"]
        ] + [""]
    if r.get("partnerships"):
        out += [f"### Projects and partnerships {{#{rid}-partnerships}}", ""]
        out += [
            f"- **{p['name']}** (from {p['started']}): {', '.join(p['partners'])}. {p['purpose']} "
            f"[More information]({p['url']})."
            for p in r["partnerships"]
        ] + [""]
    if r.get("notes"):
        out += [f"### Curator notes {{#{rid}-notes}}", "", r["notes"], ""]
    if r.get("documents"):
        out += [f"### Documents {{#{rid}-documents}}", ""]
        out += [f"- [{d['title']}]({d['url']}) ({d['date']})" for d in r["documents"]] + [""]
    out += [f"### Sources {{#{rid}-sources}}", ""]
    out += [f"- [{s['title']}]({s['url']}). {s.get('note', '')}" for s in r["sources"]] + [""]
    out += [
        f"Transcribed by {r['transcription']['by']} on {r['transcription']['date']}. Record: "
        f"`content/responses/{r['council']}/{rid}.yaml`",
        "",
    ]
    return out


def council_page(council: dict[str, Any], responses: list[dict[str, Any]], batches: dict[str, Any]) -> str:
    out = [
        "---",
        f"title: {council['name']}",
        f"description: {council['name']}: synthetic benchmark page.",
        "---",
        "",
        f"# {council['name']}",
        "",
        "| Fact | Value |",
        "|---|---|",
        f"| Nation | {council['nation']} |",
        f"| Region | {council['region'] or '—'} |",
        f"| Type | {council['type']} |",
        "| GSS code | Unknown |",
        "",
    ]
    if council.get("notes"):
        out += [council["notes"], ""]
    if not responses:
        out += ["No FOI response from this authority is recorded yet.", ""]
    else:
        out += ["## Requests on this page", ""]
        out += [f"- [{batches[r['batch']]['title']}](#{r['batch']}) — {r['status']}" for r in responses] + [""]
    for r in responses:
        out += _response(r, batches[r["batch"]])
    return "\n".join(out)


def index_page(data: Dataset, counts: dict[str, int]) -> str:
    out = [
        "# Councils",
        "",
        f"{len(data.councils)} authorities are in the register.",
        "",
        "| Authority | Nation | Region | Type | Requests |",
        "|---|---|---|---|---|",
    ]
    out += [
        f"| [{c['name']}]({c['slug']}.md) | {c['nation']} | {c['region'] or '—'} | {c['type']} | "
        f"{counts.get(c['slug'], 0)} |"
        for c in sorted(data.councils, key=lambda c: c["name"].lower())
    ]
    return "\n".join(out) + "\n"


def write_pages(data: Dataset, docs: Path) -> int:
    """Write `councils/index.md` and one page per authority under `docs`; returns the pages written."""
    folder = docs / "councils"
    folder.mkdir(parents=True, exist_ok=True)
    by_council: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in data.responses:
        by_council[r["council"]].append(r)
    batches = {b["id"]: b for b in data.batches}
    counts = {slug: len(rs) for slug, rs in by_council.items()}
    (folder / "index.md").write_text(index_page(data, counts), encoding="utf-8")
    for council in data.councils:
        page = council_page(council, by_council.get(council["slug"], []), batches)
        (folder / f"{council['slug']}.md").write_text(page, encoding="utf-8")
    return len(data.councils) + 1
