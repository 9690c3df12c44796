# ruff: noqa: E501  (each pattern is kept on one line, to be read whole)
"""What a careful reader finds in a reply: its reference, dates, exemptions and the answer to each
question, each with the sentence it comes from and its place. Nothing here is a fact until a
person confirms it: every finding is a suggestion."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .read import Paragraph


@dataclass(frozen=True)
class Found:
    value: Any
    text: str  # the words it was found in
    place: str  # file, page, paragraph


# Sentences --------------------------------------------------------------------------------------

# Not after the abbreviations that come before a number: "reg. 12(5)(e)", "s. 40", "No. 5", "para. 3".
_SENTENCE_END = re.compile(
    r"(?<!\b[Rr]eg\.)(?<!\b[Rr]egs\.)(?<!\b[Ss]\.)(?<!\b[Ss]s\.)(?<!\b[Nn]o\.)(?<!\b[Pp]ara\.)(?<!\b[Ss]ect\.)"
    r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9•·])"
)


def sentences(text: str) -> list[str]:
    """A paragraph's sentences; its line breaks end a sentence only after a full stop or a list mark."""
    flat = re.sub(r"\s*\n\s*(?=[•·●\-–\uf0b7]\s)", "\n", text)
    parts: list[str] = []
    for line in re.split(r"\n(?=[•·●\-–\uf0b7]\s)", flat):
        line = re.sub(r"\s*\n\s*", " ", line).strip()
        parts += [s.replace("\t", " ").strip() for s in _SENTENCE_END.split(line) if s.strip()]
    return [p for p in (re.sub(r"^[•·●▪■\-–*\uf0b7]+\s*", "", p) for p in parts) if p]


# Dates -------------------------------------------------------------------------------------------

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
            ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
            ("nov", "november"), ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}  # fmt: skip
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
DATE = re.compile(
    r"(?ix)\b(?:"
    rf"(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?[\s\-/.]+(?P<m1>{_MONTH})[\s\-/.,]+(?P<y1>(?:19|20)?\d\d)(?!\d)"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d)"
    r"|(?P<y3>(?:19|20)\d\d)-(?P<m3>[01]?\d)-(?P<d3>[0-3]?\d)"
    r"|(?P<d4>[0-3]?\d)[/.\-](?P<m4>[01]?\d)[/.\-](?P<y4>(?:19|20)?\d\d)(?![\d/])"
    r")"
)


def parse_date(match: re.Match[str]) -> dt.date | None:
    g = match.groupdict()
    for n in "1234":
        if g[f"y{n}"]:
            day, month, year = g[f"d{n}"], g[f"m{n}"], g[f"y{n}"]
            break
    else:  # pragma: no cover - the pattern has four branches
        return None
    month_number = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."), 0)
    year_number = int(year) + (2000 if len(year) == 2 else 0)
    try:
        return dt.date(year_number, month_number, int(day))
    except ValueError:
        return None


def dates_in(text: str) -> list[tuple[dt.date, int, int]]:
    out = []
    for match in DATE.finditer(text):
        day = parse_date(match)
        if day is not None and 1990 <= day.year <= 2100:
            out.append((day, match.start(), match.end()))
    return out


_RECEIVED = re.compile(
    r"(?i)\b(received|receipt|(?:request|e-?mail|letter|correspondence)\s+dated|your (?:e-?mail|request|letter)(?: of| on| sent)?|request(?:ed)? on|date of request)\b[^.]{0,60}$"
)
_ASKED_AFTER = re.compile(
    r"(?i)^\W{0,3}(?:you|the\s+requester)\s+(?:asked|requested|wrote|made|submitted|sent|e-?mailed|contacted)\b|^\W{0,3}we\s+received\b"
)
_CELL_LABEL = re.compile(r"(?i)\b(?:date|dated|received|sent|request|response|reply|issued|responded)\W*$")
_NOT_LETTER_DATE = re.compile(
    r"(?i)(within|by|before|until|deadline|expire|from|between|since|to|and|review|as at|as of|in|of)\W*$"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s*)?"
_DATE_LABEL = re.compile(
    rf"(?i)(?:^|\n|\t)\s*(?:(?:letter|response|reply)\s+)?date(?:d| of (?:response|reply|letter|issue)| sent| issued| responded)?\s*[:\-]?\s*{_WEEKDAY}$"
)


def reply_date(paragraphs: list[Paragraph], sent_dates: Iterable[str] = ()) -> tuple[Found | None, Found | None]:
    """(reply date, received date), from the first file."""
    received: Found | None = None
    received_strong = False
    labelled: Found | None = None
    alone: Found | None = None
    first: Found | None = None
    previous: Paragraph | None = None
    for paragraph in paragraphs:
        text = paragraph.text
        label = previous.text.strip() if previous is not None else ""
        opening = dates_in(text)[:1]
        if (
            opening
            and re.fullmatch(rf"\s*{_WEEKDAY}", text[: opening[0][1]], re.I)
            and len(label) <= 40
            and _CELL_LABEL.search(label)
            and not dates_in(label)
        ):
            text = label + "\n" + text  # a table's label cell, then its date cell: read as one
        previous = paragraph
        for day, start, end in dates_in(text):
            before = text[max(0, start - 80) : start]
            line_start = text.rfind("\n", 0, start) + 1
            on_line = text[line_start:start]
            sentence = _sentence_at(text, start)
            if re.search(r"(?i)\b(?:reply|response|answer)\b\W{0,3}(?:received|sent|dated|of)?\W*$", on_line) or (
                _DATE_LABEL.search(text[:start]) and not re.search(r"(?i)received|request", on_line)
            ):
                labelled = labelled or Found(day, sentence, paragraph.place)  # "Their reply (received 29-05-2018)"
                continue
            after = text[end : end + 60]
            if (
                _RECEIVED.search(before)
                or re.search(r"(?i)\b(?:received|sent)\b", on_line)
                or _ASKED_AFTER.match(after)
            ):
                # "your email of 2 February, which we received on 6 February": the day it came is the later one
                strong = bool(re.search(r"(?i)\b(?:received|receipt)\b[^.\d]{0,30}$", before))
                if received is None or (strong and not received_strong and received.text == sentence):
                    received = Found(day, sentence, paragraph.place)
                    received_strong = strong
                continue
            if labelled is None and _DATE_LABEL.search(text[:start]):
                labelled = Found(day, sentence, paragraph.place)
            if (
                alone is None
                and re.fullmatch(r"[\W_]*(?:\w+day,?\s+)?", text[line_start:start])
                and not text[end:].split("\n")[0].strip(" .,")
            ):
                alone = Found(day, sentence, paragraph.place)
            if (
                first is None
                and paragraph.number <= 8
                and (paragraph.page or 1) == 1
                and not _NOT_LETTER_DATE.search(before[-20:])
            ):
                first = Found(day, sentence, paragraph.place)
        if paragraph.page is not None and paragraph.page > 1 and (labelled or alone):
            break
    return labelled or alone or first, received


def _sentence_at(text: str, index: int) -> str:
    start = max(
        text.rfind("\n", 0, index), max((m.end() for m in re.finditer(r"[.!?]\s", text[:index])), default=0) - 1
    )
    stop_candidates = [i for i in (text.find("\n", index), _next_stop(text, index)) if i != -1]
    stop = min(stop_candidates) if stop_candidates else len(text)
    return re.sub(r"\s+", " ", text[start + 1 : stop]).strip()


def _next_stop(text: str, index: int) -> int:
    match = re.compile(r"[.!?](\s|$)").search(text, index)
    return match.start() + 1 if match else -1


# References ------------------------------------------------------------------------------------

_REF_VALUE = re.compile(
    r"(?m)(?P<ref>[A-Z]{2,6} [0-9][0-9/\-]*[0-9](?![A-Za-z0-9])|[A-Z0-9][A-Za-z0-9/_.\-]*[A-Za-z0-9](?: [0-9]+/[0-9/]+|(?: [0-9]{2,})+(?=[ \t]*$))?)"
)
_REF_LABEL = re.compile(
    r"(?im)(?<!your )(?<!your)\b(?:our\s+ref(?:erence)?(?:\s+(?:no|number))?|your\s+request\s+ref(?:erence)?(?:\s+(?:no|number))?|(?:foi|foisa|eir|rfi)\s+(?:no|number|id)\b|(?:foi|foisa|eir|request|case)\s*\#|(?:under|using|as)\s+(?:the\s+)?reference(?:\s+(?:no|number))?|(?:freedom\s+of\s+information|foi|foisa|eir)\s+request\s*[–\-](?=\s*[A-Z]*\d)|(?:freedom\s+of\s+information|foi|foisa|eir)\s+request(?=\s+[A-Z]*\d)|(?:foi|foisa|eir|case|request|council)\s+ref(?:erence)?(?:\s+(?:no|number))?|"
    r"(?:freedom\s+of\s+information|foi|foisa|eir)(?:\s+act)?\s*[–\-:]\s*(?:request|response|reply)\s*[–\-:]|"
    r"(?:request|case)\s+(?:number|no|id)(?:\s+is)?|quote\s+(?:the\s+|our\s+|this\s+)?reference(?:\s+number)?|"
    r"(?:foi|foisa|eir|information)\s+request(?:\s+(?:no|number|id))?(?=\s*:)|"
    r"reference\s+(?:no|number|code)|ref(?:erence)?\.?\s*no\b\.?|(?<![a-z] )ref(?:erence)?)\s*[.:#\-]*\s*"
)
_CODE = re.compile(r"\b(?:FOI|FOISA|EIR|CRN|ECC|IR|DC|RFI)(?:[A-Z]{1,2}(?=[ /\-_]))?[ /\-_]?[A-Z0-9]*\d[A-Z0-9/\-]*\b")
_NOT_REF = {"n/a", "na", "none", "tbc", "date", "the", "number"}


def _good_ref(value: str) -> bool:
    if value.lower() in _NOT_REF or len(value) < 4 or DATE.fullmatch(value):
        return False
    has_digit = any(c.isdigit() for c in value)
    return has_digit or bool(re.fullmatch(r"[A-Z]{2,}/[A-Z0-9]{3,}", value))


def reference(paragraphs: list[Paragraph]) -> tuple[Found | None, list[Found]]:
    """The authority's reference: a labelled one (`Our ref:`, `Reference Number:`, `FOI Reference`)
    first, else a code such as `FOI10862`; with the other candidates."""
    found: list[Found] = []
    for i, paragraph in enumerate(paragraphs):
        text = paragraph.text
        for label in _REF_LABEL.finditer(text):
            if re.search(r"(?i)your\s*$", text[max(0, label.start() - 6) : label.start()]):
                continue
            rest = text[label.end() :]
            if not rest.strip() and i + 1 < len(paragraphs):  # the value sits in the next paragraph
                rest, where = paragraphs[i + 1].text, paragraphs[i + 1]
            else:
                where = paragraph
            match = _REF_VALUE.match(rest.lstrip("*: \t\n"))
            # A label drawn twice runs into the value in some PDFs ("943388Ref:"): the label is not part of it.
            value = re.sub(r"(?<=\d)(?:Ref|Date|Our|Your|Reference|Tel|Email)\b.*$", "", match["ref"]) if match else ""
            if match and _good_ref(value.rstrip(".")):
                found.append(Found(value.rstrip("."), _sentence_at(text, label.start()), where.place))
        for match in _CODE.finditer(text):
            if _good_ref(match.group()):
                found.append(Found(match.group(), _sentence_at(text, match.start()), paragraph.place))
    if not found and paragraphs:  # only in the file's name: a weak suggestion, said so
        name = paragraphs[0].file
        for match in _CODE.finditer(name):
            if _good_ref(match.group()):
                found.append(Found(match.group(), f"(only in the file name: {name})", f"{name}, file name"))
    if not found:
        return None, []
    best = found[0]
    others = [f for f in dict.fromkeys(found) if f.value != best.value]
    return best, list({f.value: f for f in others}.values())


# Exemptions --------------------------------------------------------------------------------------

_SECTION = r"\d{1,2}(?!\d)[A-Za-z]?(?:\s*\(\s*[0-9a-z]{1,3}\s*\))*"
_SUB = r"\(\s*[0-9a-z]{1,4}\s*\)"
_CITE = re.compile(
    rf"(?i)\b(?P<kind>sections?|ss?\.|s(?=\d)|regulations?|regs?\.?|reg(?=\d)|eir(?=\s*\d{{1,2}}\s*\())\s*(?P<list>{_SECTION}(?:\s*(?:,|and|&|or)\s*(?:(?:s\.?|sections?|regs?\.?|regulations?)\s*)?(?:{_SECTION}|{_SUB}))*)"
)


def _cited(listed: str) -> list[str]:
    """The sections a citation lists: "31(1)(a) and (b)" is 31(1)(a) and 31(1)(b)."""
    out: list[str] = []
    for part in re.findall(rf"(?i){_SECTION}|{_SUB}", listed):
        part = _normal_section(part)
        if part.startswith("(") and out:  # a sibling of the last one's final part
            last = out[-1]
            depth = part.count("(")
            kept = re.findall(r"\([^)]*\)", last)
            if len(kept) >= depth:
                base = last[: len(last) - sum(len(k) for k in kept[len(kept) - depth :])]
                out.append(base + part)
        elif not part.startswith("("):
            out.append(part)
    return out


# Part II of FOIA (ss 21-44) and Part 2 of FOISA (ss 25-41), with s12 (cost) and s14 (vexatious).
FOIA_SECTIONS = {12, 14} | set(range(21, 45))
FOISA_SECTIONS = {12, 14} | set(range(25, 42))
_CONTEXT = re.compile(
    r"(?i)exempt|exception|withh[oe]ld|refus|appl(?:y|ies|ied)|rel(?:y|ies|ied)|engag|cost|limit|decline|not (?:be )?(?:disclosed|provided)|freedom of information|\bFOI|\bEIR\b|\bact\b|regulation"
    r"|reasonably accessible|personal (?:data|information)|commercial|prejudice|vexatious|public interest|law enforcement|health and safety|confidence|privilege|future publication|national security|prohibit"
)
_OTHER_ACT = re.compile(
    r"(?i)^\s*(?:of|under)\s+the\s+(?!freedom of information|foi|environmental information|act\b)([A-Z][\w']*\s+){1,6}(?:act|regulations)\b"
)


_ACT_BEFORE = re.compile(
    r"(?<!Information )\b(?!Freedom\b)[A-Z][a-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+){0,5}\s+(?:Act|Regulations)(?:\s+\d{4})?\s*[-–,:]?\s*$"
)


def _normal_section(text: str) -> str:
    return re.sub(r"\s+", "", text)


def exemptions(paragraphs: list[Paragraph], whole: str) -> list[Found]:
    """Each section or regulation cited as an exemption, once, with the sentence first citing it.
    `whole` is the reply's text, for which Act it works under."""
    scottish = bool(re.search(r"(?i)\(scotland\)\s+act|FOISA|freedom of information \(scotland\)", whole))
    environmental_scotland = bool(re.search(r"(?i)environmental information \(scotland\)", whole))
    out: dict[tuple[str, str], Found] = {}
    for paragraph in paragraphs:
        for sentence in sentences(paragraph.text):
            if not _CONTEXT.search(sentence):
                continue
            for cite in _CITE.finditer(sentence):
                tail = sentence[cite.end() :]
                act = _ACT_BEFORE.search(sentence[: cite.start()])
                if _OTHER_ACT.match(tail) or (
                    act and not re.search(r"(?i)information\s+(?:\(scotland\)\s+)?(?:act|regulations)", act.group())
                ):
                    continue
                regulation = cite["kind"].lower().startswith(("reg", "eir"))
                for section in _cited(cite["list"]):
                    number = int(re.match(r"\d+", section).group())  # type: ignore[union-attr]
                    if regulation:
                        if environmental_scotland or scottish:
                            law = "EISR"
                            ok = number in (10, 11)
                        else:
                            law = "EIR"
                            ok = number in (12, 13)
                        if not ok or section == str(number) and number in (10, 12):
                            continue  # regulation 12 alone is the general rule; its paragraphs are the exceptions
                    else:
                        law = "FOISA" if scottish else "FOIA"
                        if number not in (FOISA_SECTIONS if scottish else FOIA_SECTIONS):
                            continue
                    out.setdefault((law, section), Found((law, section), sentence, paragraph.place))
    cost_law = "FOISA" if scottish else "FOIA"
    if not any(law == cost_law and section.startswith("12") for law, section in out):
        cost = next(((p, c) for p in paragraphs for c in sentences(p.text) if _COST_LIMIT.search(c)), None)
        if cost is not None:  # a refusal on cost that describes the limit without naming its section
            note = "(the cost limit, not named by its section) " + cost[1]
            out[(cost_law, "12")] = Found((cost_law, "12"), note, cost[0].place)
    return [
        f
        for (law, section), f in out.items()
        if not any(o != section and o.startswith(section + "(") for l2, o in out if l2 == law)
    ]


_COST_LIMIT = re.compile(
    r"(?i)\b(?:18|eighteen|24|twenty[- ]four)\s+hours\b|\b(?:exceed|beyond|over|above|longer than|within)\s+the\s+(?:appropriate|cost)\s+limit\b|£\s?(?:450|600)\b"
)


# Questions and answers ---------------------------------------------------------------------------

_END = re.compile(
    r"(?i)^(if you are (?:dis|not )?(?:satisfied|content|happy|unhappy)|if you (?:have|are) (?:any|not)|"
    r"yours (?:sincerely|faithfully)|your rights|review procedure|right of appeal|internal review|"
    r"kind regards|please (?:note|remember) (?:that )?if you|further information|"
    r"the information commissioner|copyright|re-?use of (?:the )?information|exemptions applied|attachments:)"
)
_MARKER = re.compile(
    r"^[\s•·●\-–*\uf0b7]*(?:(?:q(?:uestion)?|request|item|part)\s*\.?\s*)?\(?(?P<n>\d{1,2})(?:\s*[).:\]]|\.\s|\s*-\s)",
    re.I,
)
_ANSWER_LABEL = re.compile(r"^(?:[a-z][.)]|answer\s*\d*\s*[:.\-]?|response\s*\d*\s*[:.\-]|a\d*\s*[:.\-])\s*", re.I)


@dataclass
class Answer:
    qid: str
    question: Found | None  # where the question stands in the reply
    passage: list[Found] = field(default_factory=list)  # the answer's sentences, each with its place
    how: str = ""  # "number" or "wording"

    @property
    def text(self) -> str:
        return " ".join(f.text for f in self.passage)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _likeness(question: str, text: str) -> float:
    """How much of the question's wording the paragraph's start repeats (0 to 1)."""
    want = _words(question)
    have = _words(text)[: int(len(want) * 1.4) + 3]
    if not want or not have:
        return 0.0
    return difflib.SequenceMatcher(None, want, have, autojunk=False).ratio()


def answers(paragraphs: list[Paragraph], questions: list[dict[str, Any]]) -> list[Answer]:
    """For each question, the passage that answers it: from the paragraph that repeats its number
    or its wording to the next question (or the letter's closing), found in order."""
    # Numbers first: each question's number, in order. A reply's answer often echoes the question's
    # wording, so wording only finds a question whose number is missing, between its neighbours.
    found: dict[int, tuple[int, str]] = {}
    position = 0
    for qi in range(len(questions)):
        for i in range(position, len(paragraphs)):
            marker = _MARKER.match(paragraphs[i].text)
            if (
                marker
                and int(marker["n"]) == qi + 1
                and (
                    questions[qi].get("wording", "verbatim") == "verbatim"
                    or _likeness(questions[qi]["text"], _MARKER.sub("", paragraphs[i].text, count=1)) >= 0.4
                )
            ):
                found[qi] = (i, "number")
                position = i + 1
                break
    for qi, question in enumerate(questions):
        if qi in found:
            continue
        low = max((i for q, (i, _) in found.items() if q < qi), default=-1) + 1
        high = min((i for q, (i, _) in found.items() if q > qi), default=len(paragraphs))
        best = max(range(low, high), key=lambda i: _likeness(question["text"], paragraphs[i].text), default=None)
        if best is not None and _likeness(question["text"], paragraphs[best].text) >= 0.7:
            found[qi] = (best, "wording")
    starts = [(qi, i, how) for qi, (i, how) in found.items()]
    out: list[Answer] = []
    stops = sorted(i for _, i, _ in starts)
    for qi, question in enumerate(questions):
        qid = question["id"]
        if qi not in found:
            out.append(Answer(qid, None))
            continue
        i, how = found[qi]
        later = [s for s in stops if s > i]
        stop = later[0] if later else len(paragraphs)
        head = paragraphs[i]
        question_found = Found(question["text"], head.text, head.place)
        passage: list[Found] = []
        rest = _after_question(head.text, question["text"])
        if rest:
            passage += [Found(s, s, head.place) for s in sentences(rest)]
        following = []
        for paragraph in paragraphs[i + 1 : stop]:
            if _END.match(paragraph.text):
                break
            following.append(paragraph)
        if not rest and _listed(head.text) and following and all(_listed(p.text) for p in following):
            following = []  # the question sits in the request restated as a list: what follows is the list
        for paragraph in following:
            body = _LIST.sub("", _MARKER.sub("", paragraph.text, count=1))
            if _listed(paragraph.text) and any(_likeness(q["text"], body) >= 0.6 for q in questions):
                continue  # another question restated (a reply that repeats the request first), not an answer
            passage += [Found(s, s, paragraph.place) for s in sentences(paragraph.text)]
        out.append(Answer(qid, question_found, passage, how))
    return out


_LIST = re.compile(r"^[•·●▪\-–*\uf0b7.]\s*")


def _listed(text: str) -> bool:
    """A paragraph that is an item of a list (a bullet or a number), or a question."""
    return bool(_MARKER.match(text) or re.match(r"[•·●▪\-–*\uf0b7.]\s", text) or text.rstrip().endswith("?"))


def _after_question(text: str, question: str) -> str:
    """What follows the question in its own paragraph (a reply that answers on the next line)."""
    body = _MARKER.sub("", text, count=1)
    lines = body.split("\n")
    want = set(_words(question))
    for n, line in enumerate(lines):
        if "?" in line:
            after = line.split("?", 1)[1].strip(" *")
            return "\n".join([after, *lines[n + 1 :]]).strip()
        words = set(_words(line))
        if words and len(words & want) / len(words) < 0.5:
            return "\n".join(lines[n:]).strip() if n else ""
    return ""


# Coding -------------------------------------------------------------------------------------------

KINDS = {
    "data_analytics": r"data\s+analytics?|analytics?\s+of\s+data",
    "predictive_analytics": r"predictive\s+(?:analytics?|analysis|models?|modelling|tools?|systems?)|risk\s+scor\w*|algorithms?",
    "artificial_intelligence": r"artificial\s+intelligence|\bAI\b|machine[\s-]learning",
}
_NEGATIVE = re.compile(
    r"(?i)\b(?:has|have|had|does|do|did|is|are|was|were|will|would|currently|doesn[’']t|don[’']t|hasn[’']t|haven[’']t|isn[’']t|aren[’']t)"
    r"\s+(?:not\s+|never\s+)?(?:currently\s+|previously\s+|ever\s+|yet\s+|been\s+)*"
    r"(?:not|never|no)?\s*(?:been\s+)?(?:us(?:e|ed|ing)|employ(?:ed|ing)?|procur(?:e|ed|ing)|deploy(?:ed|ing)?|intend(?:ing)?\s+to\s+use|plan(?:ning)?\s+to\s+use)\b"
    r"|\bno\s+(?:plans|intention)\s+to\s+use\b|\bnot\s+(?:currently\s+)?using\b"
)
_POSITIVE = re.compile(
    r"(?i)\b(?:council|authority|we|it|department|service)\s+(?:currently\s+|also\s+)?(?:uses|use|is\s+using|are\s+using|has\s+used|have\s+used|used|"
    r"is\s+intending\s+to\s+use|intends\s+to\s+use|plans\s+to\s+use|will\s+use)\s+(?P<object>[^.;]{0,60})"
)


def _negated(verb: str) -> bool:
    return bool(re.search(r"(?i)\b(?:not|never|no)\b|n[’']t\b", verb))


def code_use(answer: Answer) -> dict[str, Found | None]:
    """For a `use` question: `yes` or `no` for a kind only where one sentence says so plainly."""
    coded: dict[str, Found | None] = dict.fromkeys(KINDS)
    passage = [f for f in answer.passage if f.text.strip()]
    bare = [_ANSWER_LABEL.sub("", f.text).strip(" .!*") for f in passage]
    if passage and bare[0].lower() in ("no", "none", "no it has not", "no it is not", "not applicable"):
        for kind in KINDS:
            coded[kind] = Found("no", passage[0].text, passage[0].place)
    for found in passage:
        sentence = found.text
        for match in _NEGATIVE.finditer(sentence):
            if not _negated(match.group()):
                continue
            tail = sentence[match.end() :]
            tail = re.split(r"(?i)\b(?:but|however|although|except|other than|apart from)\b|;", tail)[0]
            for kind, pattern in KINDS.items():
                if coded[kind] is None and re.search(pattern, tail, re.I):
                    coded[kind] = Found("no", sentence, found.place)
        for match in _POSITIVE.finditer(sentence):
            obj = re.split(r"(?i)\b(?:but|however|although|not|or\s+(?=\w+\s+\w+\s+not))\b", match["object"])[0]
            for kind, pattern in KINDS.items():
                if coded[kind] is None and re.match(
                    rf"(?i)\s*(?:any\s+|some\s+|simple\s+|basic\s+)?(?:{pattern})", obj
                ):
                    coded[kind] = Found("yes", sentence, found.place)
    return coded


_NONE_HELD = re.compile(
    r"(?i)^(?:no|none)\W*$|\b(?:does|do) not hold\b|\bnot held\b|\bno (?:such |relevant )?(?:information|documents?|records?|briefing notes?|reports?|minutes|materials?|contracts?|agreements?)\b[^.]{0,60}\b(?:held|available|exist)|\bholds? no\b"
)
_PROVIDED = re.compile(
    r"(?i)\b(?:please find|is|are|have been|has been)\s+(?:attached|enclosed)\b|\battached (?:is|are|please find)\b|\bsee (?:the )?attached\b"
)
_WITHHELD = re.compile(r"(?i)\bwithh[oe]ld|\bexempt\b|\brefus")


def code_documents(answer: Answer) -> Found | None:
    passage = [f for f in answer.passage if f.text.strip()]
    for found in passage:
        bare = _ANSWER_LABEL.sub("", found.text).strip()
        if _PROVIDED.search(bare):
            return Found("provided", found.text, found.place)
        if _WITHHELD.search(bare):
            return Found("withheld", found.text, found.place)
        if _NONE_HELD.search(bare):
            return Found("none_held", found.text, found.place)
    return None
