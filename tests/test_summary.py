"""The sentence a council page opens with, worked out from coded answers and sources: a table."""

from __future__ import annotations

from typing import Any

import pytest

from site_builder.dataset import Answer, Council, Response
from site_builder.summary import lead, use_phrase

QUESTIONS = [
    {"id": "q1", "answer_kind": "use", "period": "past", "short": "Used"},
    {"id": "q2", "answer_kind": "use", "period": "present", "short": "Using"},
    {"id": "q3", "answer_kind": "use", "period": "future", "short": "Plans"},
    {"id": "q4", "answer_kind": "documents", "short": "Briefings"},
]
RESEARCHER = {
    "id": "b",
    "title": "Batch",
    "requester": {"name": "A Researcher", "kind": "researcher"},
    "sent": "2021-02-11",
}
LAB = {**RESEARCHER, "requester": {"name": "Data Justice Lab, Cardiff University", "kind": "organisation"}}


def use(da: str, pa: str, ai: str) -> dict[str, Any]:
    coded = {"data_analytics": da, "predictive_analytics": pa, "artificial_intelligence": ai}
    return {"coded": coded, "summary": "x", "evidence": [{"kind": "quote", "text": "x", "location": "Reply"}]}


def council_with(answers: dict[str, Any] | None = None, batch: dict[str, Any] = RESEARCHER, **fields: Any) -> Council:
    council = Council({"slug": "westminster", "name": "Westminster City Council", "short_name": "Westminster"})
    data = {"council": "westminster", "batch": "b", "request": {"url": "https://foi.example/r"}, "status": "successful"}
    data |= {"dates": {"replied": "2021-04-16"}, "answers": answers or {}} | fields
    response = Response(data, council, batch, "content/responses/westminster/b.yaml")
    response.answers = [Answer(q, (answers or {}).get(q["id"]), f"b-{q['id']}") for q in QUESTIONS]
    council.responses.append(response)
    return council


PROJECT = [{"name": "Machine-learning feasibility study", "partners": ["What Works"], "started": "2019-09"}]


@pytest.mark.parametrize(
    ("council", "sentence"),
    [
        pytest.param(
            council_with({"q1": use("yes", "no", "no"), "q2": use("yes", "no", "no")}, partnerships=PROJECT),
            "In April 2021 Westminster told a researcher that it uses data analytics, has not used predictive "
            "analytics or AI and took part in the project “Machine-learning feasibility study” (2019).",
            id="westminster",
        ),
        pytest.param(
            council_with({"q1": use("yes", "yes", "no"), "q2": use("yes", "no", "no"), "q3": use("no", "no", "yes")}),
            "In April 2021 Westminster told a researcher that it uses data analytics, has used, but no longer uses, "
            "predictive analytics, has not used AI and intends to use AI.",
            id="stopped-and-plans",
        ),
        pytest.param(
            council_with({"q2": use("yes", "no", "no"), "q3": use("unclear", "unclear", "unclear")}),
            "In April 2021 Westminster told a researcher that it uses data analytics, does not use predictive "
            "analytics or AI and did not make clear which of them, if any, it intends to use.",
            id="plans-unclear",
        ),
        pytest.param(
            council_with({"q2": use("no", "no", "no")}),
            "In April 2021 Westminster told a researcher that it does not use data analytics, predictive "
            "analytics or AI.",
            id="present-only",
        ),
        pytest.param(
            council_with({"q1": use("unclear", "unclear", "unclear")}, batch=LAB),
            "In April 2021 Westminster told the Data Justice Lab that it was unclear about data analytics, "
            "predictive analytics or AI.",
            id="unclear",
        ),
        pytest.param(
            council_with(
                {"q4": {"coded": "none_held", "summary": "x"}}, systems=[{"name": "Power BI", "status": "in_use"}]
            ),
            "In April 2021 Westminster's reply to a researcher named Power BI.",
            id="systems-only",
        ),
        pytest.param(
            council_with({"q4": {"coded": "none_held", "summary": "x"}}),
            "In April 2021 Westminster's reply to a researcher is recorded here; 1 of its 4 answers is "
            "transcribed below.",
            id="documents-only",
        ),
        pytest.param(
            council_with(
                {
                    "q4": {
                        "coded": "provided",
                        "summary": "x",
                        "evidence": [{"kind": "paraphrase", "text": "x", "location": "y", "basis": "summary"}],
                    }
                },
                systems=[{"name": "Risk Based Verification", "status": "in_use"}],
                dates={},
            ),
            "Westminster's reply to a researcher (as others summarised it; the reply itself was not read) named "
            "Risk Based Verification.",
            id="from-a-summary",
        ),
        pytest.param(
            council_with({"q2": use("yes", "yes", "no")}, status="published"),
            "In April 2021 Westminster published an FOI answer saying that it uses data analytics and predictive "
            "analytics and does not use AI.",
            id="disclosure-log",
        ),
    ],
)
def test_a_transcribed_reply_is_said_in_one_sentence(council: Council, sentence: str):
    found = lead(council)
    assert found.sentence == sentence
    assert found.reply_url == "" and not found.help_transcribe


@pytest.mark.parametrize(
    ("status", "dates", "sentence", "helps"),
    [
        (
            "successful",
            {"replied": "2021-03-10"},
            "This council replied in March 2021; its answers have not been transcribed yet.",
            True,
        ),
        ("successful", {}, "This council replied; its answers have not been transcribed yet.", True),
        (
            "partially_successful",
            {"replied": {"date": "2021-05-01", "certainty": "probable"}},
            "This council replied in May 2021; its answers have not been transcribed yet.",
            True,
        ),
        ("refused", {"replied": "2021-03-10"}, "This council refused the request in March 2021.", False),
        (
            "not_held",
            {"replied": "2021-03-10"},
            "This council replied in March 2021 that it does not hold the information asked for.",
            False,
        ),
        ("awaiting", {}, "This council was asked in February 2021; no reply is recorded yet.", False),
        ("withdrawn", {}, "The request to this council was withdrawn before it was answered.", False),
    ],
)
def test_nothing_transcribed_says_when_it_replied_and_where_to_read_it(status, dates, sentence, helps):
    found = lead(council_with(status=status, dates=dates))
    assert (found.sentence, found.help_transcribe) == (sentence, helps)
    assert found.reply_url == "https://foi.example/r"


def test_the_reply_to_read_is_its_first_document_when_there_is_one():
    council = council_with(documents=[{"title": "Reply letter", "url": "https://foi.example/letter.pdf"}])
    assert lead(council).reply_url == "https://foi.example/letter.pdf"


def test_an_authority_never_asked_says_so():
    council = Council({"slug": "rutland", "name": "Rutland County Council"})
    assert lead(council).sentence == "No FOI request to Rutland County Council is recorded in this register yet."


@pytest.mark.parametrize(
    ("past", "present", "phrase"),
    [
        ("yes", "yes", "uses"),
        ("no", "yes", "uses"),
        ("yes", "no", "has used, but no longer uses,"),
        ("yes", "", "has used"),
        ("no", "no", "has not used"),
        ("", "no", "does not use"),
        ("unclear", "", "was unclear about"),
        ("not_stated", "not_stated", ""),
        ("", "", ""),
    ],
)
def test_use_phrase(past: str, present: str, phrase: str):
    assert use_phrase(past, present) == phrase
