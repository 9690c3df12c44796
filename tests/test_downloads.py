"""The open data, checked against the records it comes from: the real repository, built once.

Every expectation here is worked out from the YAML records themselves (read with `load_content`),
not from the dataset the site builds, so a mistake in the dataset shows up as a disagreement.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import frictionless
import pytest
from factories import REPO, Element, read_page

from site_builder.dataset import STATUSES, build_dataset
from site_builder.validate import load_content

CONTENT, _ = load_content(REPO / "content")  # test_content.py checks the records are valid
RECORDS = {doc.display: doc.data for doc in CONTENT.responses}
BATCHES = {doc.data["id"]: doc.data for doc in CONTENT.batches}
# Every published authority: the dataset's, merged with content/councils.yaml.
COUNCILS = {c.slug: c.data for c in build_dataset(CONTENT).councils.values()} if CONTENT.councils else {}
QUESTIONS = [(batch_id, q["id"]) for batch_id, batch in BATCHES.items() for q in batch["questions"]]
USE_KINDS = ("data_analytics", "predictive_analytics", "artificial_intelligence")
CSV_FILES = [("responses.csv", "responses"), ("councils.csv", "councils")]
ADDED_TO_RECORDS = {"id", "page_url", "record_path"}  # what responses.json adds to each YAML record


def response_id(record: dict[str, Any]) -> str:
    """The id a response has on its council page: its batch, and its part when it has one."""
    return f"{record['batch']}--{record['part']}" if record.get("part") else record["batch"]


def expected_cells(question: dict[str, Any], answer: dict[str, Any] | None) -> dict[str, str]:
    """The coded columns of one CSV row, from the record: `not_transcribed` when the answer is
    absent, `not_stated` when a value is left out, empty for columns of another answer kind."""
    cells = dict.fromkeys((*USE_KINDS, "documents"), "")
    coded = (answer or {}).get("coded")
    if question["answer_kind"] == "use":
        for kind in USE_KINDS:
            cells[kind] = "not_transcribed" if answer is None else (coded or {}).get(kind, "not_stated")
    elif question["answer_kind"] == "documents":
        cells["documents"] = "not_transcribed" if answer is None else (coded or "not_stated")
    return cells


def coded_columns(kind: str) -> tuple[str, ...]:
    return {"use": USE_KINDS, "documents": ("documents",)}.get(kind, ())


@pytest.fixture(scope="module")
def site(real_site: Path) -> Path:
    """The repository's own site, built once, strictly (the session's build)."""
    return real_site


def read_csv(site: Path, name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (site / "data" / name).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def csv_rows(site: Path) -> dict[str, dict[str, str]]:
    """responses.csv keyed by row_id; duplicates are checked separately."""
    return {row["row_id"]: row for row in read_csv(site, "responses.csv")[1]}


@pytest.fixture(scope="module")
def responses_json(site: Path) -> dict[str, Any]:
    return read_json(site / "data" / "responses.json")


# --- Row counts --------------------------------------------------------------------------------


def test_responses_csv_has_one_row_per_response_and_question(site: Path):
    _, rows = read_csv(site, "responses.csv")
    expected = sum(len(BATCHES[record["batch"]]["questions"]) for record in RECORDS.values())
    assert len(rows) == expected


def test_every_row_id_is_unique(site: Path):
    _, rows = read_csv(site, "responses.csv")
    repeated = [row_id for row_id, n in Counter(row["row_id"] for row in rows).items() if n > 1]
    assert repeated == []


def test_row_ids_are_council_response_and_question(site: Path):
    _, rows = read_csv(site, "responses.csv")
    expected = {
        f"{record['council']}/{response_id(record)}/{q['id']}"
        for record in RECORDS.values()
        for q in BATCHES[record["batch"]]["questions"]
    }
    assert {row["row_id"] for row in rows} == expected


def test_councils_csv_has_one_row_per_council(site: Path):
    _, rows = read_csv(site, "councils.csv")
    assert sorted(row["council_slug"] for row in rows) == sorted(COUNCILS)


# --- Round trip: YAML record -> JSON and CSV ---------------------------------------------------


def published_record(published: dict[str, Any], path: str) -> dict[str, Any]:
    """The response in a JSON download that came from the record at `path`, without the fields
    the download adds; checks those fields on the way."""
    record = RECORDS[path]
    wanted = f"{record['council']}/{response_id(record)}"
    found = [r for r in published["responses"] if r["id"] == wanted]
    assert len(found) == 1, f"{len(found)} responses with id {wanted!r}"
    item = found[0]
    assert item["record_path"] == path
    assert item["page_url"].endswith(f"councils/{record['council']}/#{response_id(record)}")
    return {k: v for k, v in item.items() if k not in ADDED_TO_RECORDS}


@pytest.mark.parametrize("path", RECORDS)
def test_responses_json_holds_every_field_of_the_record(responses_json: dict[str, Any], path: str):
    assert published_record(responses_json, path) == RECORDS[path]


@pytest.mark.parametrize("path", RECORDS)
def test_council_json_holds_every_field_of_the_record(site: Path, path: str):
    council = read_json(site / "councils" / f"{RECORDS[path]['council']}.json")
    assert published_record(council, path) == RECORDS[path]
    assert council["batches"][RECORDS[path]["batch"]] == BATCHES[RECORDS[path]["batch"]]


def test_responses_json_holds_every_record_once(responses_json: dict[str, Any]):
    assert sorted(r["record_path"] for r in responses_json["responses"]) == sorted(RECORDS)


@pytest.mark.parametrize("slug", COUNCILS)
def test_council_entry_round_trips(site: Path, responses_json: dict[str, Any], slug: str):
    entry = COUNCILS[slug]
    assert [c for c in responses_json["councils"] if c["slug"] == slug] == [entry]
    council = read_json(site / "councils" / f"{slug}.json")
    assert {k: council[k] for k in entry if k in council} == entry
    assert sorted(r["record_path"] for r in council["responses"]) == sorted(
        path for path, record in RECORDS.items() if record["council"] == slug
    )


@pytest.mark.parametrize("path", RECORDS)
def test_csv_rows_match_the_record(csv_rows: dict[str, dict[str, str]], path: str):
    record = RECORDS[path]
    rid = response_id(record)
    answers = record.get("answers") or {}
    for question in BATCHES[record["batch"]]["questions"]:
        qid = question["id"]
        row = csv_rows[f"{record['council']}/{rid}/{qid}"]
        answer = answers.get(qid)
        assert {
            "council_slug": row["council_slug"],
            "batch_id": row["batch_id"],
            "question_id": row["question_id"],
            "answer_kind": row["answer_kind"],
            "status": row["status"],
            "request_url": row["request_url"],
            "record_path": row["record_path"],
            "transcribed": row["transcribed"],
            **{column: row[column] for column in (*USE_KINDS, "documents")},
        } == {
            "council_slug": record["council"],
            "batch_id": record["batch"],
            "question_id": qid,
            "answer_kind": question["answer_kind"],
            "status": record["status"],
            "request_url": record["request"]["url"],
            "record_path": path,
            "transcribed": "true" if answer is not None else "false",
            **expected_cells(question, answer),
        }, qid
        assert row["answer_url"].endswith(f"#{rid}-{qid}")
        assert row["answer_url"] == f"{row['page_url']}#{rid}-{qid}"


# --- The data package --------------------------------------------------------------------------


def test_frictionless_says_the_package_is_valid(site: Path):
    report = frictionless.validate(str(site / "data" / "datapackage.json"))
    problems = report.flatten(["title", "rowNumber", "fieldName", "type", "note"])
    assert report.valid, problems


@pytest.mark.parametrize(("filename", "name"), CSV_FILES)
def test_package_lists_every_column_in_file_order(site: Path, filename: str, name: str):
    package = read_json(site / "data" / "datapackage.json")
    resource = next(r for r in package["resources"] if r["name"] == name)
    assert resource["path"] == filename
    header, _ = read_csv(site, filename)
    assert [f["name"] for f in resource["schema"]["fields"]] == header


def test_package_has_licence_and_version(site: Path, responses_json: dict[str, Any]):
    package = read_json(site / "data" / "datapackage.json")
    assert package["licenses"], "a licence"
    assert all(licence.get("name") and licence.get("path") for licence in package["licenses"])
    version = metadata.version("council-analytics-foi-register")
    assert package["version"] == responses_json["version"] == version
    assert responses_json["licence"] == package["licenses"][0]


PACKAGE_SCHEMAS = sorted(p.name for p in resources.files("site_builder").joinpath("schemas").iterdir())


def test_every_schema_is_published(site: Path):
    assert sorted(p.name for p in (site / "schema").glob("*.schema.json")) == PACKAGE_SCHEMAS


@pytest.mark.parametrize("name", PACKAGE_SCHEMAS)
def test_published_schema_equals_the_packages(site: Path, name: str):
    published = (site / "schema" / name).read_bytes()
    assert published == resources.files("site_builder").joinpath("schemas", name).read_bytes()
    assert json.loads(published)["$schema"]


# --- Compare tables against council pages -------------------------------------------------------


@pytest.fixture(scope="module")
def council_page(site: Path):
    @cache
    def page(slug: str) -> Element:
        return read_page(site, f"councils/{slug}/")

    return page


def shown_on_council_page(article: Element, kind: str) -> list[str]:
    """The coded values an answer shows on its council page (each `far-value--<value>`); an
    answer not yet transcribed shows none, and stands for `not_transcribed` in every column."""
    if "far-answer--missing" in article.classes:
        return ["not_transcribed"] * len(coded_columns(kind))
    values = [c.removeprefix("far-value--") for s in article.iter("span", cls="far-value") for c in s.classes]
    return [v for v in values if v != "far-value"]


@pytest.mark.parametrize(("batch_id", "qid"), QUESTIONS, ids=[f"{b}-{q}" for b, q in QUESTIONS])
def test_compare_table_agrees_with_council_pages(site: Path, council_page, batch_id: str, qid: str):
    question = next(q for q in BATCHES[batch_id]["questions"] if q["id"] == qid)
    records = {(r["council"], f"{response_id(r)}-{qid}"): r for r in RECORDS.values() if r["batch"] == batch_id}
    table = read_page(site, f"compare/{batch_id}/{qid}/").by_id("compare-table")
    assert table is not None
    link = re.compile(r"^\.\./\.\./\.\./councils/([a-z0-9-]+)/#([a-z0-9-]+)$")
    shown = []
    # Authorities whose answer is not transcribed are named together in a row after the others.
    folded = table.find("tbody", data_far_folded="")
    for a in folded.iter("a") if folded is not None else []:
        slug, anchor = link.match(a.attrs["href"]).groups()
        shown.append((slug, anchor))
        record = records[(slug, anchor)]
        assert (record.get("answers") or {}).get(qid) is None, f"{anchor} is transcribed but folded"
        assert a.attrs["data-far-f-status"] == record["status"], anchor
        assert "far-answer--missing" in council_page(slug).by_id(anchor).classes, anchor
    for row in table.find("tbody").iter("tr"):
        match = link.match(row.find("a").attrs["href"])
        assert match, row.find("a").attrs["href"]
        slug, anchor = match.groups()
        shown.append((slug, anchor))
        record = records[(slug, anchor)]
        answer = (record.get("answers") or {}).get(qid)
        cells = [td for td in row.iter("td") if td.find("span", cls="far-value")]
        values = [td.attrs["data-value"] for td in cells]
        statuses = [td.attrs["data-value"] for td in row.iter("td") if td.attrs.get("data-value") in STATUSES]
        # Against the records.
        expected = expected_cells(question, answer)
        assert values == [expected[c] for c in coded_columns(question["answer_kind"])], anchor
        assert statuses == [record["status"]], anchor
        # Against the council page: the anchor exists and shows the same coded values.
        page = council_page(slug)
        article = page.by_id(anchor)
        assert article is not None, f"no #{anchor} on councils/{slug}/"
        assert shown_on_council_page(article, question["answer_kind"]) == values, anchor
        assert ("far-answer--missing" in article.classes) == (answer is None), anchor
        assert page.by_id(response_id(record)).attrs["data-far-status"] == record["status"]
    assert sorted(shown) == sorted(records), "every request in the batch, once each"


# --- Coverage and the data dictionary -----------------------------------------------------------


def coverage_counts(site: Path, batch_id: str) -> dict[str, int]:
    """The figures above a batch's coverage table, keyed by what they count."""
    heading = read_page(site, "coverage/").by_id(batch_id)
    assert heading is not None and heading.tag == "h2"
    element = heading.next_element()
    while element is not None and "far-counts" not in element.classes:
        element = element.next_element()
    assert element is not None, f"no counts under #{batch_id}"
    counts: dict[str, int] = {}
    for item in element.iter("li"):
        text = item.words()
        if m := re.fullmatch(r"(\d+) with answers transcribed; (\d+) not yet transcribed", text):
            counts["transcribed"], counts["not transcribed"] = int(m[1]), int(m[2])
        elif m := re.fullmatch(r"(\d+) (?:authority|authorities) recorded as asked(?:, in (\d+) requests)?", text):
            counts["authorities"] = int(m[1])
            if m[2]:
                counts["requests"] = int(m[2])
        else:
            m = re.fullmatch(r"(\d+) (.+)", text)
            assert m, text
            counts[m[2]] = int(m[1])
    return counts


def batch_records(batch_id: str) -> list[dict[str, Any]]:
    return [r for r in RECORDS.values() if r["batch"] == batch_id]


@pytest.mark.parametrize("batch_id", BATCHES)
def test_coverage_counts_the_authorities_asked(site: Path, batch_id: str):
    """An authority asked several times in one batch (Thurrock, in its disclosure log) counts once,
    and the number of requests is then said as well."""
    records = batch_records(batch_id)
    counts = coverage_counts(site, batch_id)
    assert counts["authorities"] == len({r["council"] for r in records})
    assert counts.get("requests", counts["authorities"]) == len(records)


@pytest.mark.parametrize("batch_id", BATCHES)
def test_coverage_counts_statuses_and_transcription(site: Path, batch_id: str):
    records = batch_records(batch_id)
    counts = coverage_counts(site, batch_id)
    counts.pop("authorities")
    counts.pop("requests", None)
    statuses = Counter(STATUSES[r["status"]].lower() for r in records)
    transcribed = sum(1 for r in records if r.get("answers"))
    assert counts == {**statuses, "transcribed": transcribed, "not transcribed": len(records) - transcribed}


@pytest.mark.parametrize(("filename", "name"), CSV_FILES)
def test_data_dictionary_lists_every_column(site: Path, filename: str, name: str):
    heading = read_page(site, "data/").by_id(f"dictionary-{name}")
    assert heading is not None and heading.words() == filename
    element = heading.next_element()
    while element is not None and element.find("table") is None:
        element = element.next_element()
    assert element is not None, f"no table under #dictionary-{name}"
    listed = [row.find("td").words() for row in element.find("tbody").iter("tr")]
    header, _ = read_csv(site, filename)
    assert listed == header


# --- Labelled columns: the words beside the codes, the question, the batch, the suppliers -------

LABELLED = {
    "responses.csv": ("nation", "council_type", "status", *USE_KINDS, "documents"),
    "councils.csv": ("nation", "council_type", "latest_status", "reports_predictive_or_ai"),
}


@pytest.mark.parametrize("filename", sorted(LABELLED))
def test_every_coded_column_has_its_words_beside_it(site: Path, filename: str):
    from site_builder import vocabulary

    words = {
        "nation": vocabulary.NATIONS.labels,
        "council_type": vocabulary.COUNCIL_TYPES.labels,
        "status": vocabulary.STATUSES.labels,
        "latest_status": vocabulary.STATUSES.labels,
        "reports_predictive_or_ai": vocabulary.REPORTS.labels,
        **dict.fromkeys((*USE_KINDS, "documents"), vocabulary.CODED.labels),
    }
    header, rows = read_csv(site, filename)
    for name in LABELLED[filename]:
        assert header.index(f"{name}_label") == header.index(name) + 1, f"{name}_label is not beside {name}"
        for row in rows:
            assert row[f"{name}_label"] == (words[name][row[name]] if row[name] else ""), (name, row["page_url"])


def test_the_responses_csv_says_the_question_the_batch_and_the_suppliers(site: Path):
    content, _ = load_content(REPO / "content")
    data = build_dataset(content)
    _, rows = read_csv(site, "responses.csv")
    by_id = {row["row_id"]: row for row in rows}
    for response in data.responses:
        for answer in response.answers:
            row = by_id[f"{response.council.slug}/{response.id}/{answer.question['id']}"]
            assert row["batch_title"] == response.batch["title"]
            assert row["question_text"] == answer.question["text"].strip()
            for system in response.data.get("systems") or []:
                assert system["name"] in row["suppliers_named"]
                if system.get("supplier"):
                    assert system["supplier"] in row["suppliers_named"]
    assert any(row["suppliers_named"] for row in rows), "no reply names a supplier: the check proved nothing"


def test_the_package_lists_the_allowed_values_of_every_coded_column(site: Path):
    package = read_json(site / "data" / "datapackage.json")
    fields = {
        (resource["name"], field["name"]): field
        for resource in package["resources"]
        if "schema" in resource
        for field in resource["schema"]["fields"]
    }
    for filename, names in LABELLED.items():
        resource = filename.removesuffix(".csv")
        for name in (
            *names,
            *(f"{n}_label" for n in names),
            "date_sent_certainty" if resource == "responses" else "region",
        ):
            enum = fields[(resource, name)].get("constraints", {}).get("enum")
            assert enum, f"{resource}.{name} lists no allowed values"


def test_a_supplier_named_like_a_formula_is_neutralised():
    from site_builder.downloads import _cell

    assert _cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
