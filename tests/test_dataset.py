"""Every view `build_dataset` derives, pinned by small tables over factory records.

The pages, downloads and search filters only show what these views compute, so a change to one of
them (the "reports predictive analytics or AI" decision, the coverage counts, who named whom) has
to show up here first.
"""

from __future__ import annotations

from typing import Any

import pytest
from factories import FOUR_COUNCILS, write_content

from site_builder.dataset import Answer, Council, Dataset, Response, build_dataset


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Dataset:
    tree = write_content(
        tmp_path_factory.mktemp("dataset"),
        FOUR_COUNCILS,
    )
    content, problems = tree.load()
    assert problems == []
    return build_dataset(content)


# --- The "reports predictive analytics or AI" decision, one reply at a time ----------------------

USE_Q = {"id": "q1", "answer_kind": "use", "period": "past"}
FUTURE_Q = {"id": "q5", "answer_kind": "use", "period": "future"}
DOCS_Q = {"id": "q4", "answer_kind": "documents"}


def use(pa: str, ai: str, da: str = "yes") -> dict[str, Any]:
    return {"coded": {"data_analytics": da, "predictive_analytics": pa, "artificial_intelligence": ai}}


def response(*answers: tuple[dict[str, Any], dict[str, Any] | None]) -> Response:
    r = Response({"status": "successful"}, Council({"slug": "x", "name": "X"}), {"id": "b", "title": "B"}, "x.yaml")
    r.answers = [Answer(q, a, f"b-{q['id']}") for q, a in answers]
    return r


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        pytest.param([], "not_transcribed", id="no-questions"),
        pytest.param([(USE_Q, None)], "not_transcribed", id="use-question-not-transcribed"),
        pytest.param([(DOCS_Q, {"coded": "provided"})], "not_transcribed", id="only-documents-answered"),
        pytest.param([(USE_Q, use("no", "no"))], "no", id="both-no"),
        pytest.param([(USE_Q, use("yes", "no"))], "yes", id="predictive-yes"),
        pytest.param([(USE_Q, use("no", "yes"))], "yes", id="ai-yes"),
        pytest.param([(USE_Q, use("no", "no", da="yes"))], "no", id="data-analytics-alone-is-not-reporting"),
        pytest.param([(USE_Q, use("no", "unclear"))], "unclear", id="no-and-unclear"),
        pytest.param([(USE_Q, use("unclear", "yes"))], "yes", id="yes-beats-unclear"),
        pytest.param([(USE_Q, use("not_stated", "not_stated"))], "unclear", id="not-stated"),
        pytest.param([(USE_Q, use("no", "not_stated"))], "no", id="no-and-not-stated"),
        pytest.param([(USE_Q, {"summary": "no coded value"})], "unclear", id="answer-without-coded"),
        pytest.param([(FUTURE_Q, use("yes", "yes"))], "not_transcribed", id="future-plans-do-not-count"),
        pytest.param([(USE_Q, use("no", "no")), (FUTURE_Q, use("yes", "yes"))], "no", id="past-no-future-yes"),
        pytest.param([(USE_Q, use("no", "no")), (USE_Q, use("yes", "no"))], "yes", id="any-question-yes"),
    ],
)
def test_response_reports(answers, expected):
    assert response(*answers).reports() == expected


@pytest.mark.parametrize(
    ("replies", "expected"),
    [
        pytest.param([], "no_response", id="never-asked"),
        pytest.param(["not_transcribed"], "not_transcribed", id="nothing-transcribed"),
        pytest.param(["no", "not_transcribed"], "no", id="no-beats-not-transcribed"),
        pytest.param(["no", "unclear"], "unclear", id="unclear-beats-no"),
        pytest.param(["no", "yes", "unclear"], "yes", id="yes-beats-all"),
    ],
)
def test_council_reports(replies, expected):
    council = Council({"slug": "x", "name": "X"})
    for outcome in replies:
        r = response()
        r.reports = lambda outcome=outcome: outcome  # type: ignore[method-assign]
        council.responses.append(r)
    assert council.reports() == expected


def test_reports_over_the_records(data: Dataset):
    assert {slug: c.reports() for slug, c in data.councils.items()} == {
        "testshire": "no",
        "exampleton": "not_transcribed",
        "sampleford": "yes",
        "nulltown": "no_response",
    }


# --- Figures, coverage, compare ----------------------------------------------------------------


def test_figures(data: Dataset):
    assert data.figures() == {
        "authorities": 4,
        "authorities_with_response": 3,
        "responses": 3,
        "transcribed": 2,
        "answers_transcribed": 4,
        "reports_yes": 1,
        "batches": 1,
        "reported_elsewhere": 0,
        "reports": 0,
    }


def test_responses_are_ordered_by_council_then_id(data: Dataset):
    assert [r.council["slug"] for r in data.responses] == ["exampleton", "sampleford", "testshire"]
    assert [r.id for r in data.councils["testshire"].responses] == ["test-batch"]
    assert [c.slug for c in data.councils_by_name] == ["exampleton", "nulltown", "sampleford", "testshire"]


def test_coverage(data: Dataset):
    cov = data.coverage("test-batch")
    assert [r.council["slug"] for r in cov.pop("responses")] == ["exampleton", "sampleford", "testshire"]
    assert cov == {
        "authorities": 3,
        "statuses": [
            ("successful", "Successful", 1),
            ("partially_successful", "Partially successful", 1),
            ("refused", "Refused", 1),
        ],
        "transcribed": 2,
        "not_transcribed": 1,
    }


def test_coverage_counts_an_authority_once(data: Dataset):
    """Two requests to one authority in a batch are two responses but one authority asked."""
    again = data.responses[0]
    duplicate = Response({**again.data, "part": "second"}, again.council, again.batch, "y.yaml", again.answers)
    twice = Dataset(data.councils, data.batches, [*data.responses, duplicate])
    cov = twice.coverage("test-batch")
    assert (cov["authorities"], len(cov["responses"])) == (3, 4)


def test_transcribed_counts_per_response(data: Dataset):
    assert {r.council["slug"]: (r.transcribed, len(r.answers)) for r in data.responses} == {
        "exampleton": (0, 5),
        "sampleford": (1, 5),
        "testshire": (3, 5),
    }


@pytest.mark.parametrize(
    ("qid", "coded"),
    [
        (
            "q1",
            {
                "exampleton": ("not_transcribed",) * 3,
                "sampleford": ("not_transcribed",) * 3,
                "testshire": ("yes", "no", "no"),
            },
        ),
        (
            "q2",
            {
                "exampleton": ("not_transcribed",) * 3,
                "sampleford": ("not_stated", "unclear", "yes"),
                "testshire": ("not_transcribed",) * 3,
            },
        ),
    ],
)
def test_question_rows_for_use_questions(data: Dataset, qid, coded):
    rows = data.question_rows("test-batch", qid)
    kinds = ("data_analytics", "predictive_analytics", "artificial_intelligence")
    assert {r.council["slug"]: tuple(a.coded(k) for k in kinds) for r, a in rows} == coded
    assert [r.council["name"] for r, _ in rows] == sorted(r.council["name"] for r, _ in rows)
    assert all(a.anchor == f"{r.id}-{qid}" for r, a in rows)


def test_question_rows_for_documents_and_text(data: Dataset):
    assert [(r.council["slug"], a.coded()) for r, a in data.question_rows("test-batch", "q4")] == [
        ("exampleton", "not_transcribed"),
        ("sampleford", "not_transcribed"),
        ("testshire", "none_held"),
    ]
    assert [a.coded() for _, a in data.question_rows("test-batch", "q3")] == ["not_transcribed"] * 3


@pytest.mark.parametrize(
    ("qid", "stats"),
    [
        ("q1", {"asked": 3, "transcribed": 1}),
        ("q2", {"asked": 3, "transcribed": 1}),
        ("q3", {"asked": 3, "transcribed": 0}),
        ("q4", {"asked": 3, "transcribed": 1}),
        ("q5", {"asked": 3, "transcribed": 1}),
        ("q9", {"asked": 0, "transcribed": 0}),
    ],
)
def test_question_stats(data: Dataset, qid, stats):
    assert data.question_stats("test-batch", qid) == stats


# --- Who was named, exemptions, the queue ------------------------------------------------------


def test_mentions_per_supplier(data: Dataset):
    mentions = data.mentions()
    assert list(mentions) == ["example-analytics-ltd", "power-bi", "risk-tool", "test-university"]
    rows = {slug: [(m.name, m.role, m.council.slug, m.anchor) for m in items] for slug, items in mentions.items()}
    assert rows == {
        "example-analytics-ltd": [
            ("Example Analytics Ltd", "partner", "sampleford", "test-batch-q2"),
            ("Example Analytics Ltd", "supplier", "testshire", "test-batch"),
        ],
        "power-bi": [("Power BI", "system", "testshire", "test-batch-q1")],
        "risk-tool": [("Risk Tool", "system", "testshire", "test-batch")],
        "test-university": [("Test University", "partner", "sampleford", "test-batch-q2")],
    }
    distinct = {slug: len({m.council.slug for m in items}) for slug, items in mentions.items()}
    assert distinct == {"example-analytics-ltd": 2, "power-bi": 1, "risk-tool": 1, "test-university": 1}


def test_council_named(data: Dataset):
    assert data.councils["testshire"].named() == ["Power BI", "Risk Tool", "Example Analytics Ltd"]
    assert data.councils["sampleford"].named() == ["Example Analytics Ltd", "Test University"]
    assert data.councils["nulltown"].named() == []


def test_exemptions_and_refusals(data: Dataset):
    assert [(section, count, [r.council["slug"] for r in rs]) for section, count, rs in data.exemptions()] == [
        ("FOIA s.12", 2, ["exampleton", "sampleford"]),
        ("FOIA s.43(2)", 1, ["sampleford"]),
    ]
    assert data.refused_count() == 2


def test_queue(data: Dataset):
    assert [r.council["slug"] for r in data.queue()] == ["exampleton"]


def test_latest_and_sort_date(data: Dataset):
    assert data.councils["testshire"].latest.sort_date == "2021-03-10"
    assert data.councils["sampleford"].latest.sort_date == "2021-02-11"
    assert data.councils["nulltown"].latest is None
