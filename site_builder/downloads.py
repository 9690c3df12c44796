"""The open data downloads, written at build time from the same dataset the pages use.

Each CSV column is defined once, in `RESPONSE_COLUMNS` / `COUNCIL_COLUMNS`: the same definition
writes the file, describes it in `datapackage.json` and fills the data dictionary on `/data/`.

Every CSV is written by `_csv`, and every cell passes `_cell` on the way out: a text cell that a
spreadsheet would read as a formula gets a leading `'` (OWASP's CSV injection advice), whichever
column it is in, so columns added later are covered without a word. The JSON is left as written.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from . import schema, vocabulary
from .dataset import REPORTING, Answer, Council, Dataset, Finding, Response, council_path
from .validate import as_date

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless field type
    description: str
    get: Callable[..., Any]
    enum: tuple[str, ...] | None = None


def _date(value: Any) -> str:
    day = as_date(value)
    return day.isoformat() if day else ""


def _certainty(value: Any) -> str:
    if value is None:
        return ""
    return value.get("certainty", "exact") if isinstance(value, dict) else "exact"


def _dates(r: Response) -> dict[str, Any]:
    return r.data.get("dates") or {}


@dataclass(frozen=True)
class Row:
    response: Response
    answer: Answer
    links: Links


@dataclass(frozen=True)
class Links:
    """Absolute (or site-relative, when no site_url is set) addresses of pages and answers."""

    site_url: str

    def council(self, slug: str) -> str:
        return f"{self.site_url}{council_path(slug)}"

    def answer(self, slug: str, anchor: str) -> str:
        return f"{self.council(slug)}#{anchor}"


def _use(kind: str) -> Callable[[Row], str]:
    return lambda row: row.answer.coded(kind) if row.answer.kind == "use" else ""


def _either(values: tuple[str, ...]) -> str:
    """`a`, `b` or `c`."""
    quoted = [f"`{v}`" for v in values]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1] if len(quoted) > 1 else "".join(quoted)


def _labelled(name: str, description: str, get: Callable[[Any], str], labels: dict[str, str]) -> tuple[Column, Column]:
    """A coded column with its allowed values, and beside it the same value in words, as the pages
    say it: a spreadsheet reader need not look up `none_held`."""
    codes = tuple(labels)
    return (
        Column(name, "string", description, get, codes),
        Column(
            f"{name}_label",
            "string",
            f"`{name}` in words, as the site shows it; empty when `{name}` is.",
            lambda row: labels.get(get(row), "") if get(row) else "",
            tuple(dict.fromkeys(labels.values())),
        ),
    )


def _date_columns(event: str, when: str) -> tuple[Column, Column]:
    """A date of the request's timeline and how sure it is: the same pair for every event."""
    return (
        Column(
            f"date_{event}",
            "date",
            f"When {when}; empty when not known.",
            lambda row: _date(_dates(row.response).get(event)),
        ),
        Column(
            f"date_{event}_certainty",
            "string",
            f"{_either(vocabulary.CERTAINTY.values)}; empty when no date.",
            lambda row: _certainty(_dates(row.response).get(event)),
            vocabulary.CERTAINTY.values,
        ),
    )


def _authority_columns(authority: Callable[[Any], dict[str, Any]]) -> tuple[Column, ...]:
    """The columns that describe an authority, the same in every file that has them."""
    return (
        Column(
            "council_slug",
            "string",
            "The authority's permanent slug (its page is /councils/<slug>/).",
            lambda row: authority(row)["slug"],
        ),
        Column("council_name", "string", "The authority's official name.", lambda row: authority(row)["name"]),
        Column(
            "gss_code",
            "string",
            "ONS GSS code of the authority, from mySociety's dataset (`gss-code`); empty when not known.",
            lambda row: authority(row).get("gss_code") or "",
        ),
        *_labelled("nation", "UK nation.", lambda row: authority(row)["nation"], vocabulary.NATIONS.labels),
        *_labelled(
            "region",
            "English region; empty outside England.",
            lambda row: authority(row).get("region") or "",
            vocabulary.REGIONS.labels,
        ),
        *_labelled(
            "council_type", "Kind of authority.", lambda row: authority(row)["type"], vocabulary.COUNCIL_TYPES.labels
        ),
    )


def _named(row: Row) -> str:
    """The systems and suppliers the reply names, "System (Supplier)", once each, in its order."""
    named = []
    for system in row.response.data.get("systems") or []:
        supplier = system.get("supplier")
        named.append(f"{system['name']} ({supplier})" if supplier and supplier != system["name"] else system["name"])
    return "; ".join(dict.fromkeys(named))


def _coded(kind: str | None) -> Callable[[Row], str]:
    if kind is None:
        return lambda row: row.answer.coded() if row.answer.kind == "documents" else ""
    return _use(kind)


_CODED = vocabulary.CODED.labels

RESPONSE_COLUMNS: tuple[Column, ...] = (
    Column(
        "row_id",
        "string",
        "Stable id of this row: council slug, response id and question id joined by `/`.",
        lambda row: f"{row.response.council['slug']}/{row.response.id}/{row.answer.question['id']}",
    ),
    Column(
        "response_id",
        "string",
        "Stable id of the response: council slug and response id joined by `/`.",
        lambda row: f"{row.response.council['slug']}/{row.response.id}",
    ),
    *_authority_columns(lambda row: row.response.council),
    Column("batch_id", "string", "The FOI campaign this request belongs to.", lambda row: row.response.batch["id"]),
    Column(
        "batch_title", "string", "The campaign's title, as the site shows it.", lambda row: row.response.batch["title"]
    ),
    Column(
        "part",
        "string",
        "Distinguishes several requests to one authority in one batch; usually empty.",
        lambda row: row.response.data.get("part") or "",
    ),
    Column(
        "question_id", "string", "The question within the batch (`q1`, `q2`, …).", lambda row: row.answer.question["id"]
    ),
    Column(
        "question_short", "string", "A few words naming the question.", lambda row: row.answer.question.get("short", "")
    ),
    Column(
        "question_text",
        "string",
        "The question as the request asked it (or described, where the batch says so).",
        lambda row: row.answer.question.get("text", "").strip(),
    ),
    Column(
        "answer_kind",
        "string",
        "`use` (coded per kind), `documents` (coded once) or `text`.",
        lambda row: row.answer.kind,
        vocabulary.ANSWER_KINDS.values,
    ),
    *_labelled(
        "status",
        "The request's status, in WhatDoTheyKnow's terms.",
        lambda row: row.response.status,
        vocabulary.STATUSES.labels,
    ),
    *(column for event in vocabulary.TIMELINE for column in _date_columns(event.value, event.description)),
    Column(
        "council_reference",
        "string",
        "The authority's own reference for the request.",
        lambda row: row.response.data.get("council_reference") or "",
    ),
    Column("transcribed", "boolean", "Whether this answer has been transcribed.", lambda row: row.answer.transcribed),
    *_labelled(
        "data_analytics", "Coded answer for data analytics (use questions only).", _coded("data_analytics"), _CODED
    ),
    *_labelled(
        "predictive_analytics",
        "Coded answer for predictive analytics (use questions only).",
        _coded("predictive_analytics"),
        _CODED,
    ),
    *_labelled(
        "artificial_intelligence",
        "Coded answer for artificial intelligence (use questions only).",
        _coded("artificial_intelligence"),
        _CODED,
    ),
    *_labelled("documents", "Coded answer for document questions.", _coded(None), _CODED),
    Column(
        "summary",
        "string",
        "The answer in plain words (Markdown); empty when not transcribed.",
        lambda row: (row.answer.data or {}).get("summary", ""),
    ),
    Column(
        "suppliers_named",
        "string",
        "Systems and suppliers the reply names, as `System (Supplier)`, joined by `; `; empty when none.",
        _named,
    ),
    Column("request_url", "string", "The request's public page.", lambda row: row.response.data["request"]["url"]),
    Column(
        "page_url",
        "string",
        "The authority's page on this site.",
        lambda row: row.links.council(row.response.council["slug"]),
    ),
    Column(
        "answer_url",
        "string",
        "Link to this answer on the authority's page.",
        lambda row: row.links.answer(row.response.council["slug"], row.answer.anchor),
    ),
    Column("record_path", "string", "The YAML record in the repository.", lambda row: row.response.source_path),
)


@dataclass(frozen=True)
class CouncilRow:
    council: Council
    links: Links


_MYSOCIETY = "from mySociety's UK local authority dataset"


def _joined(key: str) -> Callable[[Any], str]:
    return lambda row: ";".join(item["slug"] for item in row.council.data.get(key) or [])


COUNCIL_COLUMNS: tuple[Column, ...] = (
    *_authority_columns(lambda row: row.council.data),
    Column(
        "local_authority_code",
        "string",
        f"Three-letter local authority code, {_MYSOCIETY} (`local-authority-code`); empty for a body not in it.",
        lambda row: row.council.data.get("code") or "",
    ),
    Column(
        "wdtk_id",
        "string",
        f"The authority's WhatDoTheyKnow body id, {_MYSOCIETY} (`wdtk-id`); empty when it has none.",
        lambda row: row.council.data.get("wdtk_id") or "",
    ),
    Column(
        "children_services",
        "string",
        "`yes` or `no`: whether the authority runs children's services (social care and education), derived from "
        f"its powers {_MYSOCIETY} (unitary and upper tier: yes; district, Northern Ireland district, combined "
        "authority: no); empty for a body that is not a local authority.",
        lambda row: row.council.data.get("children_services") or "",
        ("yes", "no"),
    ),
    Column(
        "current",
        "boolean",
        f"Whether the authority exists today, {_MYSOCIETY} (`current-authority`).",
        lambda row: bool(row.council.data.get("current", True)),
    ),
    Column(
        "start_date",
        "string",
        f"Date the authority began, {_MYSOCIETY} (`start-date`); empty when not given.",
        lambda row: row.council.data.get("start_date") or "",
    ),
    Column(
        "end_date",
        "string",
        f"Date the authority was abolished, {_MYSOCIETY} (`end-date`); empty for a current one.",
        lambda row: row.council.data.get("end_date") or "",
    ),
    Column(
        "successor_slugs",
        "string",
        f"Slugs of the authorities that replaced it, joined by `;` ({_MYSOCIETY}, `replaced-by`).",
        _joined("successors"),
    ),
    Column(
        "county_slug",
        "string",
        f"For an English district, the slug of its county council, which runs its children's services ({_MYSOCIETY}, "
        "`county-la`).",
        lambda row: (row.council.data.get("county") or {}).get("slug") or "",
    ),
    Column(
        "wdtk_url",
        "string",
        "The authority's WhatDoTheyKnow page; empty when not known.",
        lambda row: row.council.data.get("wdtk_url") or "",
    ),
    Column("responses", "integer", "Number of FOI requests recorded.", lambda row: len(row.council.responses)),
    *_labelled(
        "latest_status",
        "Status of the most recent request; empty when none.",
        lambda row: row.council.latest.status if row.council.latest else "",
        vocabulary.STATUSES.labels,
    ),
    *_labelled(
        "reports_predictive_or_ai",
        "`yes`, `no`, `unclear`, `not_transcribed` or `no_response`: whether transcribed answers about past or "
        "present use report predictive analytics or AI.",
        lambda row: row.council.reports(),
        vocabulary.REPORTS.labels,
    ),
    Column("page_url", "string", "The authority's page on this site.", lambda row: row.links.council(row.council.slug)),
)


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    links: Links


def _finding(key: str) -> Callable[[FindingRow], str]:
    return lambda row: row.finding.data.get(key) or ""


def _report(key: str) -> Callable[[FindingRow], str]:
    return lambda row: row.finding.report.get(key) or ""


FINDING_COLUMNS: tuple[Column, ...] = (
    Column(
        "finding_id",
        "string",
        "Stable id of this finding: the report id and the finding's number joined by `/`.",
        lambda row: f"{row.finding.report['id']}/{row.finding.index + 1}",
    ),
    *_authority_columns(lambda row: row.finding.council.data),
    Column("report_id", "string", "The public report's id (content/reports/<id>.yaml).", _report("id")),
    Column("report_title", "string", "The report's title as published.", _report("title")),
    Column("publisher", "string", "Who published it.", _report("publisher")),
    Column("report_date", "string", "When: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; empty when not shown.", _report("date")),
    *_labelled("report_kind", "What kind of source. Not an FOI reply.", _report("kind"), REPORTING["kind"]),
    Column("report_url", "string", "The source's public address.", _report("url")),
    Column("system", "string", "The system as the source names it.", _finding("system")),
    Column(
        "system_slug",
        "string",
        "The canonical system it counts as (its page is /systems/<slug>/); empty when not a listed one.",
        lambda row: row.finding.system or "",
    ),
    Column("supplier", "string", "The supplier as the source names it; empty when not said.", _finding("supplier")),
    *_labelled(
        "kind",
        "What kind of system the source describes; empty when not said.",
        _finding("kind"),
        vocabulary.FINDING_KINDS.labels,
    ),
    *_labelled("status", "As the source reports it.", _finding("status"), REPORTING["status"]),
    Column("period", "string", "When, as the source says.", _finding("period")),
    *_labelled("service", "Children's services or another service.", _finding("service"), REPORTING["service"]),
    Column("service_note", "string", "Which other service, in plain words.", _finding("service_note")),
    Column("summary", "string", "What the source reports, in the register's words (Markdown).", _finding("summary")),
    Column("locator", "string", "Where in the source it stands.", _finding("locator")),
    Column(
        "finding_url",
        "string",
        "Link to this finding on the authority's page.",
        lambda row: row.links.answer(row.finding.council.slug, row.finding.anchor),
    ),
)

DOWNLOADS = (
    ("responses.csv", "responses", "One row per request and question, with coded answers and links.", RESPONSE_COLUMNS),
    ("councils.csv", "councils", "One row per authority in the register.", COUNCIL_COLUMNS),
    (
        "findings.csv",
        "findings",
        "One row per public report and authority: what news, research and official records say. Not FOI answers.",
        FINDING_COLUMNS,
    ),
)


def response_rows(data: Dataset, links: Links) -> list[Row]:
    return [Row(r, a, links) for r in data.responses for a in r.answers]


def _csv(columns: tuple[Column, ...], rows: Iterable[Any], out: TextIO | None = None) -> str:
    """The CSV of `rows`; written straight to `out` when given (then nothing is kept in memory and
    the empty string is returned), as the build does for the large downloads."""
    buffer = io.StringIO() if out is None else None
    writer = csv.writer(out or buffer, lineterminator="\n")  # type: ignore[arg-type]  # one of them is set
    writer.writerow([c.name for c in columns])
    writer.writerows([_cell(c.get(row)) for c in columns] for row in rows)
    return buffer.getvalue() if buffer is not None else ""


# What makes a spreadsheet read a cell as a formula or a command: OWASP's list (=, +, -, @, tab,
# carriage return), line feed, and the full-width forms some spreadsheets also accept.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CSV_NOTE = (
    "A text cell that begins with `=`, `+`, `-`, `@`, a tab or a line break starts with an added `'`, "
    "so spreadsheets show it as text instead of running it as a formula; remove that first `'` to get "
    "the value as recorded (the JSON files keep it unchanged)."
)


def _cell(value: Any) -> Any:
    """A value as written to any CSV: booleans as true/false, and formula-looking text neutralised.
    A carriage return becomes a line feed, as the record reader treats it: the csv module would
    leave a cell holding a bare carriage return unquoted, and readers take it for the row's end."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def record_json(response: Response, links: Links) -> dict[str, Any]:
    """A response as published: every field of the YAML record, plus ids and links."""
    return {
        "id": f"{response.council['slug']}/{response.id}",
        "page_url": links.answer(response.council["slug"], response.id),
        "record_path": response.source_path,
        **response.data,
    }


def council_json(council: Council, links: Links) -> dict[str, Any]:
    return {
        **council.data,
        "page_url": links.council(council.slug),
        "reports_predictive_or_ai": council.reports(),
        "responses": [record_json(r, links) for r in council.responses],
        "batches": {r.batch["id"]: r.batch for r in council.responses},
        # What others have published about the authority: not FOI answers.
        "reported_elsewhere": [
            {
                "report": {k: v for k, v in f.report.items() if k != "findings"},
                "finding": f.data,
                "system_slug": f.system,
                "finding_url": links.answer(council.slug, f.anchor),
            }
            for f in council.findings
        ],
    }


def _dump(value: Any) -> str:
    # Compact: with an indent, json falls back from its C encoder to pure Python, ten times slower.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_downloads(data: Dataset, site_dir: Path, site_url: str, version: str) -> dict[str, int]:
    """Write every download into the built site; returns the bytes written per file."""
    links = Links(site_url)
    out_dir = site_dir / "data"
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}

    def put(path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        written[path.relative_to(site_dir).as_posix()] = len(text.encode("utf-8"))

    def stream(path: Path, columns: tuple[Column, ...], rows: Iterable[Any]) -> None:
        # Row by row into the file: the responses CSV of a large register is tens of megabytes.
        with path.open("w", encoding="utf-8", newline="") as out:
            _csv(columns, rows, out)
        written[path.relative_to(site_dir).as_posix()] = path.stat().st_size

    responses = (Row(r, a, links) for r in data.responses for a in r.answers)
    stream(out_dir / "responses.csv", RESPONSE_COLUMNS, responses)
    stream(out_dir / "councils.csv", COUNCIL_COLUMNS, (CouncilRow(c, links) for c in data.councils_by_name))
    findings = (FindingRow(f, links) for c in data.councils_by_name for f in c.findings)
    stream(out_dir / "findings.csv", FINDING_COLUMNS, findings)
    put(
        out_dir / "responses.json",
        _dump(
            {
                "version": version,
                "licence": LICENCE,
                "councils": [c.data for c in data.councils_by_name],
                "batches": list(data.batches.values()),
                "responses": [record_json(r, links) for r in data.responses],
                "reports": data.reports,
            }
        ),
    )
    for council in data.councils.values():
        put(site_dir / "councils" / f"{council.slug}.json", _dump(council_json(council, links)))
    schema_dir = site_dir / "schema"
    schema_dir.mkdir(parents=True, exist_ok=True)
    for kind in schema.KINDS:
        source = resources.files("site_builder").joinpath(f"schemas/{kind}.schema.json")
        with resources.as_file(source) as path:
            shutil.copyfile(path, schema_dir / f"{kind}.schema.json")
    put(out_dir / "datapackage.json", json.dumps(datapackage(version, site_url), ensure_ascii=False, indent=2) + "\n")
    return written


def datapackage(version: str, site_url: str) -> dict[str, Any]:
    """A Frictionless Data Package describing every download and field."""
    tables = [
        {
            "name": name,
            "path": filename,
            "title": filename,
            "description": description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "licenses": [LICENCE],
            "schema": {
                "fields": [
                    {"name": c.name, "type": c.type, "description": c.description}
                    | ({"constraints": {"enum": list(c.enum)}} if c.enum else {})
                    for c in columns
                ],
                "primaryKey": [columns[0].name],
            },
        }
        for filename, name, description, columns in DOWNLOADS
    ]
    return {
        "name": "council-analytics-foi-register",
        "title": "Council Analytics FOI Register",
        "description": "What UK councils said, in answers to FOI requests, about data analytics, predictive "
        "analytics and AI in children's services.",
        "version": version,
        **({"homepage": site_url} if site_url else {}),
        "licenses": [LICENCE],
        "resources": tables
        + [
            {
                "name": "responses-json",
                "path": "responses.json",
                "title": "responses.json",
                "description": "Every record in full: authorities, batches and responses, with ids and links. "
                "Responses follow ../schema/response.schema.json.",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
            },
        ],
    }


def jsonld(site_url: str, version: str) -> str:
    """schema.org Dataset markup for the data page, safe to place inside a <script> element."""
    base = site_url or ""
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": "Council Analytics FOI Register",
        "description": "What UK councils said, in answers to Freedom of Information requests, about data "
        "analytics, predictive analytics and AI in children's services.",
        "license": LICENCE["path"],
        "version": version,
        "isAccessibleForFree": True,
        "keywords": [
            "Freedom of Information",
            "children's services",
            "predictive analytics",
            "artificial intelligence",
            "local government",
            "United Kingdom",
        ],
        "spatialCoverage": "United Kingdom",
        "creator": {"@type": "Organization", "name": "Council Analytics FOI Register"},
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": fmt, "contentUrl": f"{base}data/{name}"}
            for name, fmt in (
                ("responses.csv", "text/csv"),
                ("councils.csv", "text/csv"),
                ("responses.json", "application/json"),
                ("datapackage.json", "application/json"),
            )
        ],
    }
    if base:
        data["url"] = f"{base}data/"
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
