"""The in-memory dataset every page and download is derived from, and the views over it."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from . import vocabulary
from .loader import Content
from .validate import USE_KINDS, as_date

# The labels, by value, as pages use them; defined once in `vocabulary`.
NATIONS = vocabulary.NATIONS.labels
REGIONS = vocabulary.REGIONS.labels
COUNCIL_TYPES = vocabulary.COUNCIL_TYPES.labels
STATUSES = vocabulary.STATUSES.labels
USE_LABELS = vocabulary.USE_KINDS.labels
CODED = vocabulary.CODED.labels
CERTAINTY = vocabulary.CERTAINTY.labels
REPORTS = vocabulary.REPORTS.labels
SYSTEM_STATUS = vocabulary.SYSTEM_STATUS.labels


# Addresses the site's own pages have, which a generated slug must not take (`suppliers/index`
# is the list of suppliers).
RESERVED_SLUGS = {"index"}


@functools.lru_cache(maxsize=65536)  # a name recurs on many records: worked out once
def name_key(text: str) -> str:
    """What two spellings of one name share: its letters and digits, of any script, with case,
    accents, spacing and punctuation set aside (`Power BI` and `power-bi` are one name)."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return "-".join(re.findall(r"[^\W_]+", folded.casefold()))


# The vocabularies of public reports, systems evidence and findings, with their labels.
REPORTING = {
    "kind": vocabulary.REPORT_KINDS.labels,
    "status": vocabulary.FINDING_STATUS.labels,
    "basis": vocabulary.EVIDENCE_BASIS.labels,
    "service": vocabulary.FINDING_SERVICE.labels,
}
# Findings that say an authority uses, piloted or used a system that predicts or scores.
PREDICTIVE_KINDS = ("predictive_analytics", "artificial_intelligence")
USED_STATUSES = ("in_use", "piloted", "stopped")


@functools.lru_cache(maxsize=65536)
def slugify(text: str, limit: int = 60) -> str:
    """A URL slug; long names are cut at a hyphen so every slug makes a valid file name.

    Names that differ only in case, accents, spacing or punctuation share a slug. Where the plain
    slug would lose letters (a name in another script, letters with no ASCII form) or would be an
    address of the site's own (`index`), it ends in a short hash of the whole name instead, so such
    names never merge. Two long names that are cut to one slug are reported by the validator."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    whole = name_key(text)
    hashed = not slug or slug != whole or slug in RESERVED_SLUGS
    digest = hashlib.sha256(whole.encode("utf-8")).hexdigest()[:8] if hashed else ""
    room = limit - len(digest) - 1 if hashed else limit
    if len(slug) > room:
        slug = slug[:room].rsplit("-", 1)[0] or slug[:room]
    return f"{slug or 'item'}-{digest}" if hashed else slug


@dataclass
class Answer:
    """One question of a response: the question, and what was transcribed of its answer (if anything)."""

    question: dict[str, Any]
    data: dict[str, Any] | None
    anchor: str

    @property
    def transcribed(self) -> bool:
        return self.data is not None

    @property
    def kind(self) -> str:
        return self.question["answer_kind"]

    def coded(self, use_kind: str | None = None) -> str:
        """The coded value: per kind for use questions, or the single value; `not_transcribed` if absent."""
        if self.data is None or self.kind == "text":
            return "not_transcribed" if self.data is None else ""
        value = self.data.get("coded")
        if isinstance(value, dict):
            return value.get(use_kind or "", "not_stated")
        return value or "not_stated"


def council_path(slug: str, anchor: str = "") -> str:
    """Where an authority's page is, relative to the site root: `councils/<slug>/`, with `#anchor`.
    The one place that knows the shape; pages, downloads, the feed and redirects all use it."""
    return f"councils/{slug}/" + (f"#{anchor}" if anchor else "")


@dataclass
class Response:
    data: dict[str, Any]
    council: Council = field(repr=False, compare=False)
    batch: dict[str, Any]
    source_path: str
    answers: list[Answer] = field(default_factory=list)

    @property
    def id(self) -> str:
        part = self.data.get("part")
        return f"{self.batch['id']}--{part}" if part else self.batch["id"]

    @property
    def title(self) -> str:
        """The batch's title, and for one of several requests in a batch, the request's own."""
        if self.data.get("part"):
            return f"{self.batch['title']}: {self.data['request'].get('title') or self.data['part']}"
        return self.batch["title"]

    @property
    def status(self) -> str:
        return self.data["status"]

    @property
    def transcribed(self) -> int:
        return sum(a.transcribed for a in self.answers)

    @property
    def sort_date(self) -> str:
        dates = self.data.get("dates") or {}
        for key in ("replied", "sent"):
            day = as_date(dates.get(key))
            if day:
                return day.isoformat()
        return ""

    def reports(self) -> str:
        """Whether this reply reports past or present predictive analytics or AI."""
        values = [
            a.coded(k)
            for a in self.answers
            if a.kind == "use" and a.question.get("period") != "future" and a.transcribed
            for k in ("predictive_analytics", "artificial_intelligence")
        ]
        if not values:
            return "not_transcribed"
        for outcome in ("yes", "unclear"):
            if outcome in values:
                return outcome
        return "no" if "no" in values else "unclear"


@dataclass
class Finding:
    """What one public report says about one authority and one system."""

    report: dict[str, Any]
    data: dict[str, Any]
    council: Council
    index: int
    system: str | None = None  # the canonical system's slug, when the name is a known one

    @property
    def anchor(self) -> str:
        return f"report-{self.report['id']}-{self.index + 1}"

    @property
    def date(self) -> str:
        return self.report.get("date") or ""

    @property
    def reports_predictive_use(self) -> bool:
        return self.data.get("kind") in PREDICTIVE_KINDS and self.data["status"] in USED_STATUSES


@dataclass
class Event:
    """One step of an authority's story: a request with its outcome, or a report."""

    date: str
    kind: str  # "request" or "report"
    title: str
    outcome: str
    anchor: str
    date_kind: str = ""  # what the date is: "replied", "sent", "published"


@dataclass
class Council:
    data: dict[str, Any]
    responses: list[Response] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def story(self) -> list[Event]:
        """Every request and report about this authority, oldest first; undated ones last."""
        events = [
            Event(r.sort_date or _batch_date(r), "request", r.title, STATUSES[r.status], r.id, _date_kind(r))
            for r in self.responses
        ]
        events += [
            Event(
                f.date,
                "report",
                f"{REPORTING['kind'][f.report['kind']]}: {f.report['title']} ({f.report['publisher']})",
                f"{f.data['system']}: {REPORTING['status'][f.data['status']].lower()}",
                f.anchor,
                "published",
            )
            for f in self.findings
        ]
        return sorted(events, key=lambda e: (e.date == "", e.date, e.kind, e.anchor))

    def __getitem__(self, key: str) -> Any:
        """The register entry's fields, as `council["nation"]` (and `council.nation` in templates)."""
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def slug(self) -> str:
        return self.data["slug"]

    @property
    def path(self) -> str:
        return council_path(self.slug)

    @property
    def name(self) -> str:
        return self.data["name"]

    @property
    def latest(self) -> Response | None:
        return max(self.responses, key=lambda r: (r.sort_date, r.id), default=None)

    def named(self) -> list[str]:
        """Systems, suppliers and partners named in this authority's replies, once each."""
        names: dict[str, None] = {}
        for r in self.responses:
            for item in r.data.get("systems") or []:
                names[item["name"]] = None
                if item.get("supplier"):
                    names[item["supplier"]] = None
            for item in r.data.get("partnerships") or []:
                names.update(dict.fromkeys(item["partners"]))
        return list(names)

    def reports(self) -> str:
        if not self.responses:
            return "no_response"
        values = {r.reports() for r in self.responses}
        for outcome in ("yes", "unclear", "no"):
            if outcome in values:
                return outcome
        return "not_transcribed"


@dataclass
class Mention:
    """A system, supplier or partner named in a reply, with where it was named."""

    name: str
    role: str
    council: Council
    response: Response
    item: dict[str, Any]
    anchor: str


@dataclass
class SystemEntry:
    """A reply or report that names a known system, for the system's timeline."""

    date: str
    council: Council
    evidence: str  # "reply" or a report kind
    title: str
    status: str
    summary: str
    anchor: str


@dataclass
class System:
    data: dict[str, Any]
    entries: list[SystemEntry] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.data["slug"]

    @property
    def name(self) -> str:
        return self.data["name"]

    def by_council(self) -> list[tuple[Council, list[SystemEntry]]]:
        """Each authority linked to the system, by name, with its entries oldest first."""
        groups: dict[str, list[SystemEntry]] = defaultdict(list)
        for entry in self.entries:
            groups[entry.council.slug].append(entry)
        rows = [(items[0].council, sorted(items, key=lambda e: (e.date == "", e.date))) for items in groups.values()]
        return sorted(rows, key=lambda row: row[0].name.lower())


@dataclass
class Dataset:
    councils: dict[str, Council]
    batches: dict[str, dict[str, Any]]
    responses: list[Response]
    reports: list[dict[str, Any]] = field(default_factory=list)
    systems: dict[str, System] = field(default_factory=dict)

    @property
    def councils_by_name(self) -> list[Council]:
        return sorted(self.councils.values(), key=lambda c: c.name.lower())

    def figures(self) -> dict[str, int]:
        with_response = [c for c in self.councils.values() if c.responses]
        return {
            "authorities": len(self.councils),
            "authorities_with_response": len(with_response),
            "responses": len(self.responses),
            "transcribed": sum(1 for r in self.responses if r.transcribed),
            "answers_transcribed": sum(r.transcribed for r in self.responses),
            "reports_yes": sum(1 for c in self.councils.values() if c.reports() == "yes"),
            "batches": len(self.batches),
            "reported_elsewhere": sum(
                1 for c in self.councils.values() if any(f.reports_predictive_use for f in c.findings)
            ),
            "reports": len(self.reports),
        }

    def mentions(self) -> dict[str, list[Mention]]:
        """Every supplier, system and partner named, keyed by slug, in a stable order."""
        found: dict[str, list[Mention]] = defaultdict(list)
        for response in self.responses:
            council = self.councils[response.data["council"]]
            for item in response.data.get("systems") or []:
                anchor = _anchor_for(response, item.get("question"))
                found[slugify(item["name"])].append(Mention(item["name"], "system", council, response, item, anchor))
                if item.get("supplier"):
                    found[slugify(item["supplier"])].append(
                        Mention(item["supplier"], "supplier", council, response, item, anchor)
                    )
            for item in response.data.get("partnerships") or []:
                anchor = _anchor_for(response, item.get("question"))
                for partner in item["partners"]:
                    found[slugify(partner)].append(Mention(partner, "partner", council, response, item, anchor))
        return dict(sorted(found.items()))

    def exemptions(self) -> list[tuple[str, int, list[Response]]]:
        by_section: dict[str, list[Response]] = defaultdict(list)
        for response in self.responses:
            for ex in response.data.get("exemptions") or []:
                by_section[f"{ex['law']} s.{ex['section']}"].append(response)
        return sorted(((k, len(v), v) for k, v in by_section.items()), key=lambda t: (-t[1], t[0]))

    def question_rows(self, batch_id: str, qid: str) -> list[tuple[Response, Answer]]:
        """Every response in a batch with its answer to one question, by authority name."""
        rows = [
            (r, a) for r in self.responses if r.batch["id"] == batch_id for a in r.answers if a.question["id"] == qid
        ]
        return sorted(rows, key=lambda ra: (ra[0].council["name"].lower(), ra[0].id))

    def question_stats(self, batch_id: str, qid: str) -> dict[str, int]:
        rows = self.question_rows(batch_id, qid)
        return {"asked": len(rows), "transcribed": sum(1 for _, a in rows if a.transcribed)}

    def queue(self) -> list[Response]:
        """Requests with a public reply whose answers nobody has transcribed yet."""
        answered = {"successful", "partially_successful", "not_held", "refused", "published"}
        waiting = [r for r in self.responses if r.status in answered and not r.transcribed]
        return sorted(waiting, key=lambda r: (r.batch["id"], r.council["name"].lower()))

    def refused_count(self) -> int:
        return sum(1 for r in self.responses if r.status in ("refused", "partially_successful"))

    def coverage(self, batch_id: str) -> dict[str, Any]:
        responses = sorted(
            (r for r in self.responses if r.batch["id"] == batch_id), key=lambda r: r.council["name"].lower()
        )
        statuses = Counter(r.status for r in responses)
        return {
            "responses": responses,
            "authorities": len({r.council["slug"] for r in responses}),
            "statuses": [(s, STATUSES[s], statuses[s]) for s in STATUSES if statuses[s]],
            "transcribed": sum(1 for r in responses if r.transcribed),
            "not_transcribed": sum(1 for r in responses if not r.transcribed),
        }


def _anchor_for(response: Response, qid: str | None) -> str:
    return f"{response.id}-{qid}" if qid else response.id


def _date_kind(response: Response) -> str:
    dates = response.data.get("dates") or {}
    for key, words in (("replied", "replied"), ("sent", "sent")):
        if as_date(dates.get(key)):
            certainty = dates[key].get("certainty") if isinstance(dates[key], dict) else "exact"
            return f"{words}, {CERTAINTY[certainty]}" if CERTAINTY.get(certainty) else words
    return "batch sent" if _batch_date(response) else ""


def _batch_date(response: Response) -> str:
    day = as_date(response.batch.get("sent"))
    return day.isoformat() if day else ""


def _system_names(systems: dict[str, System]) -> dict[str, str]:
    names: dict[str, str] = {}
    for system in systems.values():
        for name in [system.name, *(system.data.get("aliases") or [])]:
            names.setdefault(name.casefold(), system.slug)
    return names


def _join_systems(systems: dict[str, System], responses: list[Response], councils: dict[str, Council]) -> None:
    """Put every reply and report that names a known system on that system's timeline."""
    names = _system_names(systems)
    for response in responses:
        for item in response.data.get("systems") or []:
            slug = names.get(item["name"].casefold())
            if slug:
                systems[slug].entries.append(
                    SystemEntry(
                        response.sort_date or _batch_date(response),
                        councils[response.data["council"]],
                        "reply",
                        response.title,
                        SYSTEM_STATUS[item["status"]],
                        item.get("purpose") or "",
                        _anchor_for(response, item.get("question")),
                    )
                )
    for council in councils.values():
        for finding in council.findings:
            finding.system = names.get(finding.data["system"].casefold())
            if finding.system:
                systems[finding.system].entries.append(
                    SystemEntry(
                        finding.date,
                        council,
                        finding.report["kind"],
                        f"{finding.report['title']} ({finding.report['publisher']})",
                        REPORTING["status"][finding.data["status"]],
                        finding.data["summary"],
                        finding.anchor,
                    )
                )


def build_dataset(content: Content) -> Dataset:
    """Join the checked records into councils, batches and responses. Assumes `content` validated."""
    assert content.councils is not None
    if content.register is not None:  # every authority from the dataset, merged with the curated entries
        entries = content.register.published(doc.data.get("council") for doc in content.responses)
    else:
        entries = content.councils.data["councils"]
    councils = {c["slug"]: Council(c) for c in entries}
    batches = {doc.data["id"]: doc.data for doc in content.batches}
    # Campaigns are listed largest first, so the founding batch leads every page that lists them.
    sizes = Counter(doc.data["batch"] for doc in content.responses)
    batches = dict(sorted(batches.items(), key=lambda item: (-sizes[item[0]], item[0])))
    responses = []
    for doc in content.responses:
        data = doc.data
        council, batch = councils[data["council"]], batches[data["batch"]]
        response = Response(data, council, batch, doc.display)
        given = data.get("answers") or {}
        response.answers = [Answer(q, given.get(q["id"]), f"{response.id}-{q['id']}") for q in batch["questions"]]
        council.responses.append(response)
        responses.append(response)
    for council in councils.values():
        council.responses.sort(key=lambda r: (r.sort_date, r.id))
    responses.sort(key=lambda r: (r.council["slug"], r.id))
    reports = sorted((doc.data for doc in content.reports), key=lambda r: (r.get("date") or "", r["id"]))
    for report in reports:
        for i, item in enumerate(report["findings"]):
            council = councils[item["council"]]
            council.findings.append(Finding(report, item, council, i))
    for council in councils.values():
        council.findings.sort(key=lambda f: (f.date == "", f.date, f.anchor))
    registry = content.systems.data if content.systems is not None else {}
    systems = {entry["slug"]: System(entry) for entry in registry.get("systems") or []}
    _join_systems(systems, responses, councils)
    return Dataset(councils, batches, responses, reports, systems)


__all__ = ["USE_KINDS", "Dataset", "build_dataset", "Council", "Response", "Answer"]
