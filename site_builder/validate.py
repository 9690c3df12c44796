"""The rules that span records: references resolve, paths match, ids and addresses are distinct,
dates make sense. `loader.py` finds and reads the records and runs these checks on them."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from . import authorities
from .records import Document, Problem

if TYPE_CHECKING:
    from .loader import Content

USE_KINDS = ("data_analytics", "predictive_analytics", "artificial_intelligence")
UNCODED = {"not_stated"}
# Addresses the site gives its own pages and page parts, which a record's id must not take:
# `councils/index` is the list of councils; a council page has `#cite`, `#history` and
# `#far-…` parts of its own, and each response section's parts are `#<response id>-<suffix>`.
RESERVED_SLUGS = {"index"}
PAGE_IDS = {
    "answer",
    "cite",
    "cite-title",
    "cite-plain-label",
    "cite-bibtex-label",
    "history",
    "history-title",
    "far-contents-title",
    "story",
    "story-title",
    "reported-elsewhere",
    "reported-elsewhere-title",
}
SECTION_SUFFIXES = re.compile(
    r"-(q[1-9][0-9]*(-title)?|title|notes|documents|sources|systems|partnerships|corrections|label|not-transcribed)$"
)


def check_content(content: Content, today: dt.date) -> list[Problem]:
    """The rules that span records: references resolve, paths match, dates make sense."""
    problems: list[Problem] = []
    councils: dict[str, Any] = {}
    if content.councils and isinstance(content.councils.data.get("councils"), list):
        problems += _check_register(content.councils, councils)
        content.register = authorities.build_register(content.councils)
        problems += content.register.problems
        councils = content.register.entries
    batches: dict[str, dict[str, Any]] = {}
    for doc in content.batches:
        problems += _check_batch(doc, batches, today)
    problems += _check_batch_ids(content.batches)
    seen: dict[tuple[str, str, str], Document] = {}
    for doc in content.responses:
        problems += _check_response(doc, councils, batches, seen, today)
    problems += _check_name_addresses(content.responses)
    for doc in content.reports:
        problems += _check_report(doc, councils, today)
    if content.systems is not None:
        problems += _check_systems(content.systems)
    return problems


def _check_name_addresses(docs: list[Document]) -> Iterator[Problem]:
    """Each system, supplier and partner named gets a page at /suppliers/<slug>/. Spellings of one
    name share it; two different names must not (a long name is cut to 60 characters)."""
    from .dataset import name_key, slugify  # the dataset module reads this one

    first: dict[str, tuple[str, str, Document]] = {}
    for doc in docs:
        names: list[tuple[tuple[str | int, ...], Any]] = []
        for i, item in enumerate(doc.data.get("systems") or []):
            if isinstance(item, dict):
                names += [
                    (("systems", i, "name"), item.get("name")),
                    (("systems", i, "supplier"), item.get("supplier")),
                ]
        for i, item in enumerate(doc.data.get("partnerships") or []):
            partners = item.get("partners") if isinstance(item, dict) else None
            for j, partner in enumerate(partners if isinstance(partners, list) else []):
                names.append((("partnerships", i, "partners", j), partner))
        for loc, name in names:
            if not isinstance(name, str) or not name.strip():
                continue
            slug, key = slugify(name), name_key(name)
            if slug not in first:
                first[slug] = (key, name, doc)
            elif first[slug][0] != key:
                other = first[slug]
                yield doc.problem(
                    loc,
                    f"'{name}' and '{other[1]}' (in {other[2].display}) would share one page, "
                    f"/suppliers/{slug}/, though they are different names; make them differ within "
                    "their first 60 characters.",
                )


def _check_report(doc: Document, councils: dict[str, Any], today: dt.date) -> Iterator[Problem]:
    data = doc.data
    report_id = data.get("id")
    if isinstance(report_id, str) and report_id != doc.path.stem:
        yield doc.problem(("id",), f"expected '{doc.path.stem}' (the file name); found '{report_id}'. Make them match.")
    date = data.get("date")
    if isinstance(date, str):
        padded = (date + "-01-01")[:10] if len(date) < 10 else date
        yield from _check_dates(doc, [(("date",), padded)], today)
    for i, finding in enumerate(data.get("findings") or []):
        council = finding.get("council") if isinstance(finding, dict) else None
        if isinstance(council, str) and council not in councils:
            yield doc.problem(
                ("findings", i, "council"), _unknown("council", council, councils, "content/councils.yaml")
            )
        if isinstance(finding, dict) and finding.get("service") == "other" and not finding.get("service_note"):
            yield doc.problem(
                ("findings", i, "service"), "a finding about another service needs `service_note` saying which."
            )


def _check_systems(doc: Document) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for group in ("systems", "suppliers"):
        for i, entry in enumerate(doc.data.get(group) or []):
            if not isinstance(entry, dict):
                continue
            for j, name in enumerate([entry.get("name"), *(entry.get("aliases") or [])]):
                if not isinstance(name, str):
                    continue
                key = name.casefold()
                loc = (group, i, "name") if j == 0 else (group, i, "aliases", j - 1)
                if key in seen:
                    yield doc.problem(loc, f"'{name}' is already a name of {seen[key]}; a name belongs to one entry.")
                seen.setdefault(key, str(entry.get("name")))
    slugs = [e.get("slug") for e in doc.data.get("systems") or [] if isinstance(e, dict)]
    for i, slug in enumerate(slugs):
        if slug in slugs[:i]:
            yield doc.problem(("systems", i, "slug"), f"slug '{slug}' is used twice.")


def known_names(content: Content) -> dict[str, str]:
    """Every canonical system and supplier name and alias, folded to lower case, to its canonical name."""
    names: dict[str, str] = {}
    if content.systems is None or not isinstance(content.systems.data, dict):
        return names
    for group in ("systems", "suppliers"):
        for entry in content.systems.data.get(group) or []:
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                for name in [entry["name"], *(entry.get("aliases") or [])]:
                    if isinstance(name, str):
                        names.setdefault(name.casefold(), entry["name"])
    return names


def check_names(content: Content) -> Iterator[Problem]:
    """Warn where a record names a system or supplier almost, but not exactly, like a known one."""
    names = known_names(content)
    if not names:
        return
    places: list[tuple[Document, tuple[str | int, ...], Any]] = []
    for doc in content.responses:
        for i, item in enumerate(doc.data.get("systems") or []):
            if isinstance(item, dict):
                places += [(doc, ("systems", i, key), item.get(key)) for key in ("name", "supplier")]
    for doc in content.reports:
        for i, item in enumerate(doc.data.get("findings") or []):
            if isinstance(item, dict):
                places += [(doc, ("findings", i, key), item.get(key)) for key in ("system", "supplier")]
    for doc, loc, value in places:
        if not isinstance(value, str) or value.casefold() in names:
            continue
        close = difflib.get_close_matches(value.casefold(), list(names), n=1, cutoff=0.85)
        if close:
            yield doc.problem(
                loc,
                f"'{value}' is close to the known name '{names[close[0]]}' (content/systems.yaml). "
                "Use that name, or add this one to its aliases with a source if it is the same system.",
            )


def _check_register(doc: Document, councils: dict[str, Any]) -> Iterator[Problem]:
    former: dict[str, tuple[str, tuple[str | int, ...]]] = {}
    gss: dict[str, str] = {}
    for i, entry in enumerate(doc.data["councils"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("slug"), str):
            continue
        slug = entry["slug"]
        if slug in councils:
            yield doc.problem(("councils", i, "slug"), f"slug '{slug}' is used twice; each authority appears once.")
        if slug in RESERVED_SLUGS:
            yield doc.problem(
                ("councils", i, "slug"),
                f"slug '{slug}' is the address of the list of councils (/councils/); choose another slug.",
            )
        councils[slug] = entry
        for j, old in enumerate(entry.get("former_slugs") or []):
            loc = ("councils", i, "former_slugs", j)
            if not isinstance(old, str):
                continue
            if old in former and former[old][0] != slug:
                yield doc.problem(
                    loc,
                    f"former slug '{old}' is claimed by both '{former[old][0]}' (line "
                    f"{doc.line_of(former[old][1])}) and '{slug}'; its redirect can lead to only one of them.",
                )
            else:
                former[old] = (slug, loc)
        code = entry.get("gss_code")
        if isinstance(code, str):
            if code in gss:
                yield doc.problem(
                    ("councils", i, "gss_code"),
                    f"GSS code {code} is given to both '{gss[code]}' and '{slug}'; a code names one authority. "
                    "Keep it on the authority it belongs to and set the other to null.",
                )
            else:
                gss[code] = slug
    for old, (_, where) in former.items():
        if old in councils:
            yield Problem(
                doc.display,
                doc.line_of(where),
                "former_slugs",
                f"'{old}' is a current slug; a former slug must not be reused.",
            )


def _check_batch(doc: Document, batches: dict[str, dict[str, Any]], today: dt.date) -> Iterator[Problem]:
    data = doc.data
    batch_id = data.get("id")
    if isinstance(batch_id, str) and batch_id != doc.path.stem:
        yield doc.problem(("id",), f"expected '{doc.path.stem}' (the file name); found '{batch_id}'. Make them match.")
    ids: set[str] = set()
    for i, question in enumerate(data.get("questions") or []):
        qid = question.get("id") if isinstance(question, dict) else None
        if qid in ids:
            yield doc.problem(("questions", i, "id"), f"question id '{qid}' is used twice in this batch.")
        ids.add(qid)  # type: ignore[arg-type]
    yield from _check_dates(doc, [(("sent",), data.get("sent"))], today)
    if isinstance(batch_id, str):
        batches[batch_id] = data


def _check_batch_ids(docs: list[Document]) -> Iterator[Problem]:
    """Batch ids become the ids of parts of council pages: none may be the page's own, and none
    may be another batch's id with a section's suffix (`x` and `x-notes` would both have `#x-notes`)."""
    ids = {d.data["id"]: d for d in docs if isinstance(d.data.get("id"), str)}
    for batch_id, doc in sorted(ids.items()):
        if batch_id in PAGE_IDS or any(SECTION_SUFFIXES.sub("", own) == batch_id for own in PAGE_IDS):
            yield doc.problem(
                ("id",),
                f"'{batch_id}' would give a council page two parts with one address (the page's own "
                f"#{batch_id}… and this batch's); choose another id.",
            )
        stem = SECTION_SUFFIXES.sub("", batch_id)
        if stem != batch_id and stem in ids:
            yield doc.problem(
                ("id",),
                f"'{batch_id}' is the address of a part of batch '{stem}' ({ids[stem].display}) on council "
                "pages; choose another id.",
            )


def _check_response(
    doc: Document,
    councils: dict[str, Any],
    batches: dict[str, dict[str, Any]],
    seen: dict[tuple[str, str, str], Document],
    today: dt.date,
) -> Iterator[Problem]:
    data = doc.data
    council, batch_id, part = data.get("council"), data.get("batch"), data.get("part")
    folder, stem = doc.path.parent.name, doc.path.stem
    expected_stem = f"{batch_id}--{part}" if part else batch_id
    if isinstance(council, str):
        if council not in councils:
            yield doc.problem(("council",), _unknown("council", council, councils, "content/councils.yaml"))
        if council != folder:
            yield doc.problem(
                ("council",),
                f"expected '{folder}' (the folder name); found '{council}'. Move the file or fix the field.",
            )
    if isinstance(batch_id, str):
        if batch_id not in batches:
            yield doc.problem(("batch",), _unknown("batch", batch_id, batches, "content/batches/"))
        if stem != expected_stem:
            yield doc.problem(("batch",), f"expected the file to be named '{expected_stem}.yaml'; found '{stem}.yaml'.")
        key = (str(council), batch_id, str(part or ""))
        if key in seen:
            yield doc.problem(
                ("batch",),
                f"a second record for {council} in batch {batch_id} (the first is {seen[key].display}); "
                "merge them, or give each a distinct `part`.",
            )
        else:
            seen[key] = doc
    batch = batches.get(batch_id) if isinstance(batch_id, str) else None
    if batch is not None:
        yield from _check_answers(doc, batch)
    for qid, answer in (data.get("answers") or {}).items():
        for i, item in enumerate(answer.get("evidence") or [] if isinstance(answer, dict) else []):
            if isinstance(item, dict) and item.get("basis") == "summary" and not item.get("seen_in"):
                yield doc.problem(
                    ("answers", qid, "evidence", i, "basis"),
                    "evidence from a summary needs `seen_in`: the summary's title, address and where in it.",
                )
    dates = data.get("dates") or {}
    yield from _check_dates(doc, [(("dates", k), dates.get(k)) for k in ("sent", "replied", "internal_review")], today)
    yield from _check_dates(
        doc,
        [(("documents", i, "date"), d.get("date")) for i, d in enumerate(data.get("documents") or [])]
        + [(("corrections", i, "date"), c.get("date")) for i, c in enumerate(data.get("corrections") or [])]
        + [(("transcription", "date"), (data.get("transcription") or {}).get("date"))],
        today,
    )
    yield from _check_order(doc, dates)


def _unknown(what: str, value: str, known: Iterable[str], where: str) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    hint = f"Did you mean '{close[0]}'?" if close else f"Add it to {where} first."
    return f"no {what} '{value}' in {where}. {hint}"


def _check_answers(doc: Document, batch: dict[str, Any]) -> Iterator[Problem]:
    questions = {q["id"]: q for q in batch.get("questions") or [] if isinstance(q, dict) and "id" in q}
    ids = ", ".join(questions)
    answers = doc.data.get("answers") or {}
    for qid, answer in answers.items():
        question = questions.get(qid)
        if question is None:
            yield doc.problem(
                ("answers", qid), f"batch '{batch.get('id')}' has no question '{qid}'; its questions are {ids}."
            )
            continue
        if not isinstance(answer, dict):
            continue
        yield from _check_coded(doc, qid, question.get("answer_kind"), answer)
    for field_name in ("systems", "partnerships"):
        for i, item in enumerate(doc.data.get(field_name) or []):
            qid = item.get("question") if isinstance(item, dict) else None
            if qid and qid not in questions:
                yield doc.problem(
                    (field_name, i, "question"), f"no question '{qid}' in this batch; its questions are {ids}."
                )
    for i, exemption in enumerate(doc.data.get("exemptions") or []):
        for j, qid in enumerate(exemption.get("applied_to") or [] if isinstance(exemption, dict) else []):
            if qid not in questions:
                yield doc.problem(
                    ("exemptions", i, "applied_to", j), f"no question '{qid}' in this batch; its questions are {ids}."
                )


def _check_coded(doc: Document, qid: str, kind: str | None, answer: dict[str, Any]) -> Iterator[Problem]:
    coded = answer.get("coded")
    loc = ("answers", qid, "coded")
    if kind == "use" and coded is not None and not isinstance(coded, dict):
        yield doc.problem(
            loc,
            f"{qid} asks about use: expected `data_analytics`, `predictive_analytics` and "
            f"`artificial_intelligence`, each yes/no/not_stated/unclear; found {coded!r}.",
        )
    elif kind == "documents" and isinstance(coded, dict):
        yield doc.problem(
            loc,
            f"{qid} asks for documents: expected one of provided, none_held, withheld, not_stated; found a mapping.",
        )
    elif kind == "text" and coded is not None:
        yield doc.problem(loc, f"{qid} is answered in words only; remove `coded`.")
    values = set(coded.values()) if isinstance(coded, dict) else {coded} - {None}
    if values - UNCODED and not answer.get("evidence"):
        yield doc.problem(
            ("answers", qid), "a coded answer needs `evidence`: a quote or paraphrase of the reply and where it stands."
        )


def _check_dates(doc: Document, items: list[tuple[tuple[str | int, ...], Any]], today: dt.date) -> Iterator[Problem]:
    for loc, value in items:
        text = value.get("date") if isinstance(value, dict) else value
        if not isinstance(text, str) or len(text) != 10:
            continue
        sub = (*loc, "date") if isinstance(value, dict) else loc
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            yield doc.problem(sub, f"'{text}' is not a real date; expected YYYY-MM-DD.")
            continue
        if day > today:
            yield doc.problem(sub, f"{text} is in the future; expected a date on or before {today.isoformat()}.")


def as_date(value: Any) -> dt.date | None:
    """The date in a `dated` field (a string or `{date: …}`), or None if absent or not a real date."""
    text = value.get("date") if isinstance(value, dict) else value
    try:
        return dt.date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _check_order(doc: Document, dates: dict[str, Any]) -> Iterator[Problem]:
    sent, replied, review = (as_date(dates.get(k)) for k in ("sent", "replied", "internal_review"))
    if sent and replied and replied < sent:
        yield doc.problem(
            ("dates", "replied"),
            f"the reply ({replied}) is dated before the request was sent ({sent}); check both dates.",
        )
    if replied and review and review < replied:
        yield doc.problem(
            ("dates", "internal_review"), f"the internal review ({review}) is dated before the reply ({replied})."
        )


def __getattr__(name: str) -> Any:
    """`Content` and `load_content` moved to the loader; `from .validate import load_content` still works."""
    if name in ("Content", "load_content", "symlinks", "LAYOUT"):
        from . import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
