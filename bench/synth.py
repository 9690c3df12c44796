"""Synthetic, clearly fake records shaped like the real ones, and the same text as plain Markdown.

Every authority is called "Benchmark Borough NNNN", every link points at example.org and every
sentence is drawn from a fixed word list and made-up words, so nothing here can be mistaken for a real
council's reply.
Sizes and shapes follow the model record (content/responses/westminster/gillies-2021.yaml): six
coded answers with one or two evidence quotes each, Markdown summaries, systems and suppliers,
partnerships, sources and curator notes; about 6 KB of YAML a record, as the model record has.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
HEADER = "# Synthetic benchmark record: invented data, not a real authority or reply.\n"
QUESTIONS_PER_BATCH = 6

_WORDS = (  # noqa: SIM905 - a word list reads better as prose
    "the council data analytics children's services social care performance dashboard report team "
    "predictive model risk early help family support referral case management system pilot "
    "project partner supplier contract agreement review officer manager director board meeting "
    "minutes briefing statutory return quality assurance outcome evaluation service provision "
    "records information governance privacy impact assessment sharing protocol tool insight "
    "monitoring trend demand forecast caseload placement budget planning local authority "
    "benchmark synthetic example placeholder figure table summary question answer request reply"
).split()
_NATIONS = ["england"] * 8 + ["scotland", "wales"]
_REGIONS = [
    "north_east",
    "north_west",
    "yorkshire_and_the_humber",
    "east_midlands",
    "west_midlands",
    "east_of_england",
    "london",
    "south_east",
    "south_west",
]
_TYPES = {
    "england": ["london_borough", "metropolitan_district", "county", "unitary", "district"],
    "scotland": ["scottish_council"],
    "wales": ["welsh_principal_area"],
}
_STATUSES = (
    ["successful"] * 5 + ["partially_successful"] * 2 + ["refused", "not_held", "published", "awaiting_classification"]
)
_USE = ["yes", "no", "no", "not_stated", "unclear"]
_DOCS = ["provided", "none_held", "none_held", "withheld", "not_stated"]
_SYSTEM_KINDS = [
    "data_analytics",
    "predictive_analytics",
    "artificial_intelligence",
    "dashboard",
    "case_management",
    "other",
]
_SYSTEM_STATUS = ["in_use", "in_use", "piloted", "planned", "stopped", "unknown"]


@dataclass
class Dataset:
    """A synthetic register: authorities, batches and responses as plain data (what YAML holds)."""

    councils: list[dict[str, Any]]
    batches: list[dict[str, Any]]
    responses: list[dict[str, Any]]


def generate(responses: int, authorities: int, seed: int = 2021) -> Dataset:
    """`responses` replies spread at random over `authorities` authorities, at most one per batch."""
    rng = random.Random(seed)
    councils = [_council(rng, i + 1) for i in range(authorities)]
    n_batches = max(6, -(-responses // max(authorities, 1)) + 3)
    batches = [_batch(rng, b + 1) for b in range(n_batches)]
    if responses > authorities * n_batches:
        raise ValueError(f"{responses} responses do not fit {authorities} authorities x {n_batches} batches")
    pairs = rng.sample(range(authorities * n_batches), responses)
    out = [_response(rng, councils[p % authorities], batches[p // authorities]) for p in sorted(pairs)]
    return Dataset(councils, batches, out)


def _pseudo_words(count: int) -> list[str]:
    """Made-up words built from syllables: a vocabulary as large as real prose uses, and plainly fake."""
    syllables = ["ba", "ko", "ri", "mel", "tan", "vo", "sur", "pli", "den", "gra", "lo", "fen", "qui", "dra", "mon"]
    gen = random.Random(1)
    words: dict[str, None] = {}
    while len(words) < count:
        words["".join(gen.choice(syllables) for _ in range(gen.randint(2, 4)))] = None
    return list(words)


# Word frequencies follow Zipf's law, as in real text: the domain words above are the most common,
# then thousands of rarer made-up words. With only the short list every word would be on every
# page, unlike real replies, and the search index would be shaped unlike a real register's.
_VOCABULARY = _WORDS + _pseudo_words(4000)
_CUMULATIVE = list(itertools.accumulate(1 / rank for rank in range(1, len(_VOCABULARY) + 1)))


def _sentence(rng: random.Random, low: int = 6, high: int = 16) -> str:
    words = rng.choices(_VOCABULARY, cum_weights=_CUMULATIVE, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def _text(rng: random.Random, sentences: tuple[int, int]) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(*sentences)))


def _markdown(rng: random.Random, paragraphs: tuple[int, int], sentences: tuple[int, int] = (2, 4)) -> str:
    """Contributor Markdown: paragraphs with some emphasis, a link and now and then a list."""
    parts = []
    for _ in range(rng.randint(*paragraphs)):
        para = _text(rng, sentences)
        if rng.random() < 0.3:
            word = rng.choice(_WORDS)
            para = para.replace(f" {word} ", f" **{word}** ", 1)
        if rng.random() < 0.2:
            para += " See [the synthetic source](https://example.org/benchmark/source)."
        parts.append(para)
    if rng.random() < 0.15:
        parts.append("\n".join(f"- {_sentence(rng, 4, 9)}" for _ in range(rng.randint(2, 4))))
    return "\n\n".join(parts)


def _day(rng: random.Random, start: dt.date, span_days: int) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, span_days))


def _council(rng: random.Random, number: int) -> dict[str, Any]:
    slug = f"benchmark-borough-{number:04d}"
    nation = rng.choice(_NATIONS)
    entry: dict[str, Any] = {
        "slug": slug,
        "name": f"Benchmark Borough {number:04d}",
        "nation": nation,
        "region": rng.choice(_REGIONS) if nation == "england" else None,
        "type": rng.choice(_TYPES[nation]),
        "gss_code": None,
        "sources": [
            {
                "title": "Synthetic register source",
                "url": f"https://example.org/register/{slug}",
                "note": _sentence(rng, 3, 6),
            }
        ],
    }
    # About 350 bytes an entry, as in the real content/councils.yaml.
    if rng.random() < 0.1:
        entry["other_names"] = [f"Benchmark District {number:04d}"]
    if rng.random() < 0.05:
        entry["notes"] = _markdown(rng, (1, 1), (1, 2))
    return entry


def _batch(rng: random.Random, number: int) -> dict[str, Any]:
    batch_id = f"benchmark-batch-{number:02d}"
    questions = []
    for i in range(QUESTIONS_PER_BATCH):
        question: dict[str, Any] = {
            "id": f"q{i + 1}",
            "short": f"Synthetic question {i + 1}",
            "text": _text(rng, (1, 3)).rstrip(".") + "?",
            "wording": "verbatim" if rng.random() < 0.8 else "own_words",
            "answer_kind": "use" if i < 3 else "documents",
        }
        if i < 3:
            question["period"] = ("past", "present", "future")[i]
        questions.append(question)
    return {
        "id": batch_id,
        "title": f"Benchmark batch {number:02d}: synthetic requests on analytics in children's services",
        "requester": {
            "name": f"Benchmark Requester {number:02d}",
            "kind": "researcher",
            "basis": "seen",
            "note": _sentence(rng),
        },
        "sent": {
            "date": _day(rng, dt.date(2019, 1, 1), 1500).isoformat(),
            "certainty": "reported",
            "note": _sentence(rng),
        },
        "summary": _markdown(rng, (1, 2)),
        "sources": [
            {
                "title": f"Synthetic batch page {number:02d}",
                "url": f"https://example.org/batches/{batch_id}",
                "note": _sentence(rng),
            }
        ],
        "questions": questions,
        "notes": _markdown(rng, (1, 1)),
    }


def _evidence(rng: random.Random, qnum: int) -> list[dict[str, Any]]:
    return [
        {
            "kind": "quote" if rng.random() < 0.8 else "paraphrase",
            "text": _text(rng, (1, 2)),
            "location": f"Reply letter, answer {qnum}",
        }
        for _ in range(rng.randint(1, 2))
    ]


def _response(rng: random.Random, council: dict[str, Any], batch: dict[str, Any]) -> dict[str, Any]:
    slug, batch_id = council["slug"], batch["id"]
    url = f"https://example.org/benchmark/requests/{batch_id}/{slug}"
    sent = dt.date.fromisoformat(batch["sent"]["date"])
    replied = sent + dt.timedelta(days=rng.randint(10, 60))
    answers = {}
    for q in batch["questions"]:
        qnum = int(q["id"][1:])
        coded: Any = (
            {k: rng.choice(_USE) for k in ("data_analytics", "predictive_analytics", "artificial_intelligence")}
            if q["answer_kind"] == "use"
            else rng.choice(_DOCS)
        )
        answers[q["id"]] = {
            "coded": coded,
            "summary": _markdown(rng, (1, 1), (1, 3)),
            "evidence": _evidence(rng, qnum),
        }
    record: dict[str, Any] = {
        "council": slug,
        "batch": batch_id,
        "request": {
            "url": url,
            "title": batch["title"],
            "requester": {"name": batch["requester"]["name"], "basis": "seen", "note": _sentence(rng)},
        },
        "status": rng.choice(_STATUSES),
        "status_note": _sentence(rng),
        "dates": {
            "sent": {"date": sent.isoformat(), "certainty": "reported"},
            "replied": {"date": replied.isoformat(), "certainty": "exact", "note": _sentence(rng)},
        },
        "council_reference": f"BM-{rng.randint(10000, 99999)}",
        "sources": [
            {
                "title": f"Synthetic reply letter {i + 1}",
                "url": f"{url}/source-{i + 1}",
                "note": _sentence(rng),
            }
            for i in range(rng.randint(1, 3))
        ],
        "answers": answers,
    }
    if rng.random() < 0.2:
        record["exemptions"] = [
            {
                "law": "FOIA",
                "section": rng.choice(["12", "40(2)", "43(2)"]),
                "applied_to": ["q4"],
                "note": _sentence(rng),
            }
        ]
    if rng.random() < 0.5:
        record["documents"] = [
            {
                "title": f"Synthetic attachment {i + 1}.pdf",
                "url": f"{url}/attachment-{i + 1}",
                "date": replied.isoformat(),
            }
            for i in range(rng.randint(1, 2))
        ]
    record["systems"] = [
        {
            "name": f"Benchmark System {rng.randint(1, 300):03d}",
            "supplier": f"Benchmark Supplier {rng.randint(1, 120):03d} Ltd" if rng.random() < 0.7 else None,
            "kind": rng.choice(_SYSTEM_KINDS),
            "status": rng.choice(_SYSTEM_STATUS),
            "purpose": _sentence(rng),
            "question": rng.choice(["q1", "q2", "q6"]),
        }
        for _ in range(rng.randint(0, 3))
    ]
    record["partnerships"] = [
        {
            "name": f"Benchmark partnership {rng.randint(1, 80):02d}",
            "partners": [f"Benchmark Partner {rng.randint(1, 60):02d}" for _ in range(rng.randint(1, 3))],
            "funder": "Benchmark Fund" if rng.random() < 0.5 else None,
            "started": f"{rng.randint(2015, 2022)}-{rng.randint(1, 12):02d}",
            "purpose": _sentence(rng),
            "url": "https://example.org/benchmark/partnership",
            "question": "q6",
        }
        for _ in range(rng.randint(0, 2))
    ]
    for key in ("systems", "partnerships"):
        if not record[key]:
            del record[key]
    if rng.random() < 0.6:
        record["notes"] = _markdown(rng, (1, 2))
    record["transcription"] = {
        "by": "Benchmark generator",
        "date": (replied + dt.timedelta(days=30)).isoformat(),
    }
    if rng.random() < 0.05:
        record["corrections"] = [
            {
                "date": (replied + dt.timedelta(days=40)).isoformat(),
                "kind": "correction",
                "text": _markdown(rng, (1, 1)),
            }
        ]
    return record


def _dump(data: Any) -> str:
    return HEADER + yaml.dump(data, Dumper=DUMPER, sort_keys=False, allow_unicode=True, width=100)


def write_content(data: Dataset, content: Path) -> int:
    """Write the records as `content/` expects them; returns the bytes written."""
    written = 0
    (content / "batches").mkdir(parents=True, exist_ok=True)
    files = {content / "councils.yaml": {"councils": data.councils}}
    files.update({content / "batches" / f"{b['id']}.yaml": b for b in data.batches})
    files.update({content / "responses" / r["council"] / f"{r['batch']}.yaml": r for r in data.responses})
    for path, payload in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        written += path.write_text(_dump(payload), encoding="utf-8")
    return written
