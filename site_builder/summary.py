"""The sentence a council page opens with: what the authority said, in plain words, worked out from
the coded answers and their sources, or, where nothing is transcribed, when it replied and where
to read the reply.

Plain functions over the dataset, tested by tables (`tests/test_summary.py`). Nothing here reads
free text: every word comes from a coded value, a date, a name the record gives, or the evidence's
basis, so the sentence never says more than the record does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .dataset import Council, Response
from .validate import as_date

ANSWERED = ("successful", "partially_successful", "published", "awaiting_classification", "unknown")
KIND_WORDS = {
    "data_analytics": "data analytics",
    "predictive_analytics": "predictive analytics",
    "artificial_intelligence": "AI",
}


@dataclass(frozen=True)
class Lead:
    """The opening of a council page: one sentence, and, when nothing is transcribed, the reply to
    read (its address) and whether to ask for help transcribing it."""

    sentence: str
    reply_url: str = ""
    help_transcribe: bool = False
    note: str = ""  # a second, separate sentence for what public reports (not FOI answers) say


def month(value: Any) -> str:
    """`2021-04-16` (or a dated mapping) as "April 2021"; "" when there is no date."""
    day = as_date(value)
    return f"{day:%B %Y}" if day else ""


def _dates(response: Response) -> dict[str, Any]:
    return response.data.get("dates") or {}


def requester(response: Response) -> str:
    """Who asked, as the sentence says it: "a researcher", "the Data Justice Lab", "a requester"."""
    who = response.batch.get("requester") or {}
    kind = who.get("kind")
    if kind == "researcher":
        return "a researcher"
    if kind == "organisation" and who.get("name"):
        short = who["name"].split(",")[0].strip()  # "Data Justice Lab, Cardiff University": the Lab
        return short if short.lower().startswith("the ") else f"the {short}"
    if kind == "individual":
        return "a member of the public"
    return "a requester"


def join(items: list[str], word: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _by_period(response: Response) -> dict[str, dict[str, str]]:
    """The coded use answers by period ("past", "present", "future"), each by kind."""
    out: dict[str, dict[str, str]] = {}
    for a in response.answers:
        if a.kind != "use" or not a.transcribed:
            continue
        period = a.question.get("period") or "present"
        out.setdefault(period, {}).update({k: a.coded(k) for k in KIND_WORDS})
    return out


def use_phrase(past: str, present: str) -> str:
    """What an authority said of one kind of system, from its past and present answers."""
    if present == "yes":
        return "uses"
    if past == "yes" and present == "no":
        return "has used, but no longer uses,"
    if past == "yes":
        return "has used"
    if past == "no" or (present == "no" and past in ("", "not_stated")):
        return "has not used" if past == "no" else "does not use"
    if "unclear" in (past, present):
        return "was unclear about"
    return ""


def use_clauses(response: Response) -> list[str]:
    """Clauses such as "uses data analytics", "has not used predictive analytics or AI"."""
    periods = _by_period(response)
    past, present = periods.get("past", {}), periods.get("present", {})
    phrases: dict[str, list[str]] = {}
    for kind, words in KIND_WORDS.items():
        phrase = use_phrase(past.get(kind, ""), present.get(kind, ""))
        if phrase:
            phrases.setdefault(phrase, []).append(words)
    clauses = [f"{p} {join(kinds, 'and' if p in ('uses', 'has used') else 'or')}" for p, kinds in phrases.items()]
    future = periods.get("future", {})
    planned = [KIND_WORDS[k] for k in KIND_WORDS if future.get(k) == "yes"]
    if planned:
        clauses.append(f"intends to use {join(planned)}")
    elif future and all(v == "unclear" for v in future.values()):
        clauses.append("did not make clear which of them, if any, it intends to use")
    elif future and all(v == "no" for v in future.values()):
        clauses.append("has no plans to use them")
    return clauses


def project_clauses(response: Response) -> list[str]:
    """The projects and partnerships the reply names, as clauses: `took part in the project “X” (2019)`."""
    return [
        f"took part in the project “{p['name']}”" + (f" ({str(p['started'])[:4]})" if p.get("started") else "")
        for p in response.data.get("partnerships") or []
    ]


def systems_named(response: Response, most: int = 3) -> str:
    """The systems the reply names, at most `most` by name: "X and Y", "5 systems, among them X, Y and Z"."""
    systems = [s["name"] for s in response.data.get("systems") or [] if s.get("status") != "named_in_request"]
    if len(systems) > most:
        return f"{len(systems)} systems, among them {join(systems[:most])}"
    return join(systems)


def from_summary(response: Response) -> bool:
    """Whether what is transcribed was read in someone else's summary, not in the reply."""
    evidence = [e for a in response.answers if a.transcribed for e in (a.data or {}).get("evidence") or []]
    return bool(evidence) and all(e.get("basis") == "summary" for e in evidence)


def reply_url(response: Response) -> str:
    """Where to read the council's reply: its first document, else the request's page."""
    documents = response.data.get("documents") or []
    return documents[0]["url"] if documents else response.data["request"]["url"]


SUMMARISED = " (as others summarised it; the reply itself was not read)"


def said(council: Council, response: Response) -> str:
    """One sentence from a transcribed response."""
    name = council.get("short_name") or council.name
    when = month(_dates(response).get("replied"))
    subject = f"In {when} {name}" if when else name
    published = response.status == "published"
    to = requester(response)
    basis = SUMMARISED if from_summary(response) else ""
    that = use_clauses(response) + project_clauses(response)
    systems = systems_named(response)
    if that:
        opening = f"{subject} published an FOI answer{basis} saying" if published else f"{subject} told {to}{basis}"
        return f"{opening} that it {join(that)}" + (f", and named {systems}." if systems else ".")
    whose = f"{subject}'s published FOI answer" if published else f"{subject}'s reply to {to}"
    if systems:
        return f"{whose}{basis} named {systems}."
    count, total = response.transcribed, len(response.answers)
    verb = "is" if count == 1 else "are"
    return f"{whose}{basis} is recorded here; {count} of its {total} answers {verb} transcribed below."


def untranscribed(council: Council, response: Response) -> Lead:
    """The lead where nothing of the reply is transcribed: when it came, and where to read it."""
    dates = _dates(response)
    replied, sent = month(dates.get("replied")), month(dates.get("sent") or response.batch.get("sent"))
    url = reply_url(response)
    status = response.status
    if status == "refused":
        when = f" in {replied}" if replied else ""
        return Lead(f"This council refused the request{when}.", url)
    if status == "not_held":
        when = f" in {replied}" if replied else ""
        return Lead(f"This council replied{when} that it does not hold the information asked for.", url)
    if status in ANSWERED:
        when = f" in {replied}" if replied else ""
        return Lead(f"This council replied{when}; its answers have not been transcribed yet.", url, True)
    if status == "withdrawn":
        return Lead("The request to this council was withdrawn before it was answered.", url)
    asked = f" in {sent}" if sent else ""
    return Lead(f"This council was asked{asked}; no reply is recorded yet.", url)


def reported_note(council: Council) -> str:
    """A separate sentence for public reports that say the authority used a predictive system."""
    systems = list(dict.fromkeys(f.data["system"] for f in council.findings if f.reports_predictive_use))
    if not systems:
        return ""
    return f"Public reports, not FOI answers, say it used or tried {join(systems)}; see “Reported elsewhere”."


def lead(council: Council) -> Lead:
    """What a council page opens with."""
    note = reported_note(council)
    if not council.responses:
        name = council.get("short_name") or council.name
        return Lead(f"No FOI request to {name} is recorded in this register yet.", note=note)
    transcribed = [r for r in council.responses if r.transcribed]
    if transcribed:
        return Lead(said(council, max(transcribed, key=lambda r: (r.sort_date, r.id))), note=note)
    newest = max(council.responses, key=lambda r: (r.sort_date, r.id))
    found = untranscribed(council, newest)
    return Lead(found.sentence, found.reply_url, found.help_transcribe, note)
