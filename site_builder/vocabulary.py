"""The record vocabulary, defined once: every coded value a record or a page uses, with its label and
what it means.

The schemas in `schemas/` list the same values as enums (editors read them from there); `schema.py`
stops with an error when a schema enum and its vocabulary here differ in either direction, so a
value cannot be added without a label, nor a label left without its value. Pages (through
`render.py`), the `new` skeleton, the CSV data dictionary and the field reference read the labels
and descriptions from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Term:
    value: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Vocabulary:
    """The values of one field, in the order pages and downloads list them."""

    name: str
    terms: tuple[Term, ...]
    schema: tuple[tuple[str, str], ...] = ()
    """Where the schemas list these values as an enum: (schema kind, JSON pointer to the enum)."""

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(t.value for t in self.terms)

    @property
    def labels(self) -> dict[str, str]:
        return {t.value: t.label for t in self.terms}

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __getitem__(self, value: str) -> Term:
        return next(t for t in self.terms if t.value == value)

    def words(self, separator: str = ", ") -> str:
        """The values as a contributor types them, e.g. for a comment: `yes, no, unclear`."""
        return separator.join(self.values)


def _v(name: str, *terms: tuple[str, ...], schema: tuple[tuple[str, str], ...] = ()) -> Vocabulary:
    return Vocabulary(name, tuple(Term(*t) for t in terms), schema)


NATIONS = _v(
    "nation",
    ("england", "England"),
    ("scotland", "Scotland"),
    ("wales", "Wales"),
    ("northern_ireland", "Northern Ireland"),
    schema=(("council", "/$defs/council/properties/nation"),),
)
REGIONS = _v(
    "region",
    ("north_east", "North East"),
    ("north_west", "North West"),
    ("yorkshire_and_the_humber", "Yorkshire and the Humber"),
    ("east_midlands", "East Midlands"),
    ("west_midlands", "West Midlands"),
    ("east_of_england", "East of England"),
    ("london", "London"),
    ("south_east", "South East"),
    ("south_west", "South West"),
    schema=(("council", "/$defs/council/properties/region"),),  # and null, outside England
)
COUNCIL_TYPES = _v(
    "council type",
    ("london_borough", "London borough"),
    ("metropolitan_district", "Metropolitan district"),
    ("county", "County council"),
    ("unitary", "Unitary authority"),
    ("district", "District council"),
    ("welsh_principal_area", "Welsh principal area"),
    ("scottish_council", "Scottish council"),
    ("ni_district", "Northern Ireland district council"),
    ("city_corporation", "City of London Corporation"),
    ("combined_authority", "Combined authority"),
    ("strategic_authority", "Strategic authority"),
    ("other_public_body", "Other public body"),
    schema=(("council", "/$defs/council/properties/type"),),
)
STATUSES = _v(
    "request status",
    # The descriptions are what council pages say beside each status, so a reader does not take
    # "Successful" for a verdict on the authority's use of AI.
    ("successful", "Successful", "WhatDoTheyKnow's word for a request that got the information asked for."),
    (
        "partially_successful",
        "Partially successful",
        "WhatDoTheyKnow's word for a request that got some of the information asked for, not all.",
    ),
    ("refused", "Refused", "The authority refused to give the information, usually citing an exemption in the law."),
    ("not_held", "Information not held", "The authority says it holds none of the information asked for."),
    ("withdrawn", "Withdrawn", "The person who asked withdrew the request."),
    ("awaiting", "Awaiting response", "No reply yet, and the time the law allows for one has not run out."),
    (
        "awaiting_classification",
        "Reply not yet classified",
        "A reply came, but nobody has yet said on WhatDoTheyKnow whether it answered the request.",
    ),
    (
        "awaiting_clarification",
        "Awaiting clarification",
        "The authority asked the person who asked to say more exactly what they want.",
    ),
    ("overdue", "Overdue", "The reply is later than the law allows."),
    ("published", "Published in disclosure log", "The authority published its answer in its own disclosure log."),
    ("unknown", "Status unknown", "The sources read do not say what became of the request."),
    schema=(("response", "/properties/status"),),
)
USE_KINDS = _v(
    "use kind",
    ("data_analytics", "Data analytics"),
    ("predictive_analytics", "Predictive analytics"),
    ("artificial_intelligence", "Artificial intelligence"),
)
USE_VALUES = _v(
    "use answer",
    ("yes", "Yes", "The reply says the authority uses (or used, or plans) it."),
    ("no", "No", "The reply says it does not."),
    ("not_stated", "Not stated", "The reply does not say."),
    ("unclear", "Unclear", "The reply says something, but not clearly yes or no."),
    schema=(("response", "/$defs/use_value"),),
)
DOCUMENT_VALUES = _v(
    "documents answer",
    ("provided", "Provided", "The authority provided documents."),
    ("none_held", "None held", "The authority says it holds none."),
    ("withheld", "Withheld", "The authority holds documents but withheld them."),
    ("not_stated", "Not stated", "The reply does not say."),
    schema=(("response", "/$defs/answer/properties/coded/oneOf/1"),),
)
NOT_TRANSCRIBED = Term("not_transcribed", "Not yet transcribed", "Nobody has transcribed this answer yet.")
CODED = Vocabulary(
    "coded answer",
    tuple({t.value: t for t in (*USE_VALUES, *DOCUMENT_VALUES, NOT_TRANSCRIBED)}.values()),
)
ANSWER_KINDS = _v(
    "answer kind",
    ("use", "Use", "Coded yes/no/not stated/unclear for each of data analytics, predictive analytics and AI."),
    ("documents", "Documents", "Coded once: provided, none held, withheld or not stated."),
    ("text", "Text", "Answered in words only."),
    schema=(("batch", "/$defs/question/properties/answer_kind"),),
)
SYSTEM_STATUS = _v(
    "system status",
    ("in_use", "In use"),
    ("piloted", "Piloted"),
    ("planned", "Planned"),
    ("stopped", "Stopped"),
    ("named_in_request", "Named in the request only"),
    ("unknown", "Status unknown"),
    schema=(("response", "/properties/systems/items/properties/status"),),
)
CERTAINTY = _v(
    "date certainty",
    ("exact", "", "The date as the document gives it."),
    ("reported", "as reported", "The date as someone else reports it."),
    ("probable", "probably", "The most likely date, worked out from the sources."),
    schema=(("response", "/$defs/dated/oneOf/1/properties/certainty"),),
)
REPORTS = _v(
    "reports predictive analytics or AI",
    ("yes", "Yes"),
    ("no", "No"),
    ("unclear", "Unclear"),
    ("not_transcribed", "Not yet transcribed"),
    ("no_response", "No response recorded"),
)
TIMELINE = _v(
    "timeline event",
    ("sent", "Sent", "the request was sent"),
    ("replied", "Replied", "the authority replied"),
    ("internal_review", "Internal review", "an internal review was answered"),
)

REQUESTER_KINDS = _v(
    "requester kind",
    ("individual", "Individual"),
    ("researcher", "Researcher"),
    ("organisation", "Organisation"),
    ("unknown", "Unknown"),
    schema=(("batch", "/properties/requester/properties/kind"),),
)
REQUESTER_BASIS = _v(
    "requester basis",
    ("seen", "Seen", "The name is on the request or the reply."),
    ("inferred", "Inferred", "The name is worked out from other sources."),
    ("unknown", "Unknown"),
    schema=(
        ("batch", "/properties/requester/properties/basis"),
        ("response", "/properties/request/properties/requester/properties/basis"),
    ),
)
WORDING = _v(
    "question wording",
    ("verbatim", "Verbatim", "The question as the request put it."),
    ("own_words", "Described, not the exact wording", "The question described in the transcriber's words."),
    schema=(("batch", "/$defs/question/properties/wording"),),
)
PERIODS = _v(
    "question period",
    ("past", "Past"),
    ("present", "Present"),
    ("future", "Future", "Plans; a future answer does not count as reporting use."),
    schema=(("batch", "/$defs/question/properties/period"),),
)
LAWS = _v(
    "law",
    ("FOIA", "FOIA", "Freedom of Information Act 2000 (England, Wales, Northern Ireland)."),
    ("FOISA", "FOISA", "Freedom of Information (Scotland) Act 2002."),
    ("EIR", "EIR", "Environmental Information Regulations 2004."),
    ("EISR", "EISR", "Environmental Information (Scotland) Regulations 2004."),
    schema=(("response", "/properties/exemptions/items/properties/law"),),
)
SYSTEM_KINDS = _v(
    "system kind",
    ("data_analytics", "Data analytics"),
    ("predictive_analytics", "Predictive analytics"),
    ("artificial_intelligence", "Artificial intelligence"),
    ("dashboard", "Dashboard"),
    ("case_management", "Case management"),
    ("other", "Other"),
    schema=(("response", "/properties/systems/items/properties/kind"),),
)
REPORT_KINDS = _v(
    "report kind",
    ("news", "News report", "A news article that names the authority."),
    ("research_report", "Research report", "A report by researchers or a campaign group."),
    ("incident_database", "Incident database entry", "An entry in a public database of AI and algorithm incidents."),
    ("council_paper", "Council paper", "A paper published by the authority itself, such as a committee report."),
    ("disclosure_log", "Disclosure log", "An FOI answer the authority published in its own disclosure log."),
    (
        "official_algorithm_record",
        "Official algorithm record (ATRS)",
        "A record the authority published under the UK Algorithmic Transparency Recording Standard.",
    ),
    schema=(("report", "/properties/kind"),),
)
FINDING_KINDS = _v(
    "finding kind",
    ("data_analytics", "Data analytics"),
    ("predictive_analytics", "Predictive analytics"),
    ("artificial_intelligence", "Artificial intelligence"),
    ("other", "Other"),
    schema=(("report", "/$defs/finding/properties/kind"),),
)
FINDING_STATUS = _v(
    "finding status",
    ("in_use", "In use", "The source says the authority uses it."),
    ("piloted", "Piloted", "The source says the authority tried it out."),
    ("planned", "Planned", "The source says the authority planned or intended to use it."),
    ("stopped", "Stopped", "The source says the authority used it and stopped."),
    ("not_confirmed", "Not confirmed", "The source names the authority but does not confirm use."),
    schema=(("report", "/$defs/finding/properties/status"),),
)
FINDING_SERVICE = _v(
    "finding service",
    ("childrens_services", "Children's services"),
    ("other", "Another service"),
    schema=(("report", "/$defs/finding/properties/service"),),
)
EVIDENCE_BASIS = _v(
    "evidence basis",
    ("reply", "From the reply", "Read in the authority's reply itself."),
    ("summary", "From a summary of the reply", "Read in someone else's summary or extract of the reply."),
    schema=(("response", "/$defs/answer/properties/evidence/items/properties/basis"),),
)
CORRECTION_KINDS = _v(
    "correction kind",
    ("correction", "Correction"),
    ("right_of_reply", "Right of reply"),
    schema=(("response", "/properties/corrections/items/properties/kind"),),
)
EVIDENCE_KINDS = _v(
    "evidence kind",
    ("quote", "Quote", "The reply's own words, a few at a time."),
    ("paraphrase", "Paraphrase", "What the reply says, in your own words."),
    schema=(("response", "/$defs/answer/properties/evidence/items/properties/kind"),),
)

ALL = (
    NATIONS,
    REGIONS,
    COUNCIL_TYPES,
    STATUSES,
    USE_KINDS,
    USE_VALUES,
    DOCUMENT_VALUES,
    CODED,
    ANSWER_KINDS,
    SYSTEM_STATUS,
    CERTAINTY,
    REPORTS,
    TIMELINE,
    REQUESTER_KINDS,
    REQUESTER_BASIS,
    WORDING,
    PERIODS,
    LAWS,
    SYSTEM_KINDS,
    CORRECTION_KINDS,
    EVIDENCE_KINDS,
    REPORT_KINDS,
    FINDING_KINDS,
    FINDING_STATUS,
    FINDING_SERVICE,
    EVIDENCE_BASIS,
)


def enum_at(document: dict[str, Any], pointer: str) -> list[Any] | None:
    """The `enum` at a JSON pointer into a schema, or None when there is none."""
    node: Any = document
    for part in pointer.strip("/").split("/"):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return node.get("enum") if isinstance(node, dict) else None


def mismatches(kind: str, document: dict[str, Any]) -> list[str]:
    """How the enums in one schema differ from their vocabularies; empty when they agree."""
    found = []
    for vocabulary in ALL:
        for schema_kind, pointer in vocabulary.schema:
            if schema_kind != kind:
                continue
            enum = enum_at(document, pointer)
            if enum is None:
                found.append(f"{kind}.schema.json has no enum at {pointer} for the {vocabulary.name} vocabulary")
                continue
            values = [v for v in enum if v is not None]
            unlabelled = [v for v in values if v not in vocabulary.values]
            unlisted = [v for v in vocabulary.values if v not in values]
            where = f"{kind}.schema.json {pointer}"
            if unlabelled:
                found.append(f"{where}: {unlabelled} have no label in the {vocabulary.name} vocabulary")
            if unlisted:
                found.append(f"the {vocabulary.name} vocabulary labels {unlisted}, which {where} lacks")
    return found
