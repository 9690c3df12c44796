"""`python -m site_builder draft`: the founding letter, made into a PDF and a Word file here, drafts
into the record a careful reader would write; every bad file is a clear message; WhatDoTheyKnow's
JSON comes from a local server; a draft is listed by `validate`, refused by the build and shown
under a Draft banner by the preview."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from draft_files import (
    SEED,
    WDTK_PAGE,
    docx_bytes,
    eml_bytes,
    encrypted_pdf,
    letter_paragraphs,
    pdf_bytes,
    scanned_pdf,
    zip_bomb_docx,
)
from factories import REPO, build_preview, build_site, read_page, write_project

from site_builder.draft import find, read, wdtk
from site_builder.draft.read import Paragraph, ReadError

needs_seed = pytest.mark.skipif(not SEED.is_file(), reason="the founding letter is in ../shared/seeds/")


def run(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    full["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), full.get("PYTHONPATH")]))
    full.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "site_builder", *args],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def drafted(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> dict:
    done = run("draft", *args, "--out", "-", cwd=cwd, env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return yaml.safe_load(done.stdout)


def paragraphs(text: str, name: str = "reply.txt") -> list[Paragraph]:
    return read.read_bytes(name, text.encode()).paragraphs


# The founding letter ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if not SEED.is_file():
        pytest.skip("the founding letter is in ../shared/seeds/")
    folder = tmp_path_factory.mktemp("letters")
    out = {"pdf": folder / "reply.pdf", "docx": folder / "reply.docx"}
    out["pdf"].write_bytes(pdf_bytes(letter_paragraphs()))
    out["docx"].write_bytes(docx_bytes(letter_paragraphs()))
    return out


FIRST_SENTENCES = {
    "q1": "The council uses data analytics for performance and statutory reporting purposes.",
    "q2": "The council is using data analytics for performance and statutory reporting purposes.",
    "q3": "Yes",
    "q4": "Data analytics are used for monitoring performance in social care.",
    "q5": "No",
    "q6": "In September 2019, Westminster City Council joined a nationwide project led by What Works",
}


@needs_seed
@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_the_founding_letter_drafts_as_a_careful_reader_would(letters: dict[str, Path], kind: str) -> None:
    record = drafted("westminster", "gillies-2021", str(letters[kind]))
    assert record["council_reference"] == "19724857"
    assert record["dates"]["replied"]["date"] == "2021-04-16"
    answers = record["answers"]
    assert sorted(answers) == ["q1", "q2", "q3", "q4", "q5", "q6"]
    for qid, first in FIRST_SENTENCES.items():
        passage = answers[qid]["evidence"][-1]
        assert passage["text"].removeprefix("a. ").startswith(first), (qid, passage["text"][:120])
        assert passage["location"].startswith(f"reply.{kind}, ")
    not_used = "The council has not used predictive analytics or artificial intelligence systems"
    not_using = "The council is not using predictive analytics or artificial intelligence systems"
    for qid, sentence in (("q1", not_used), ("q2", not_using)):
        coded = answers[qid]["coded"]
        assert coded["predictive_analytics"] == "no" and coded["artificial_intelligence"] == "no"
        assert any(e["text"].startswith(sentence) for e in answers[qid]["evidence"])
        notes = [c for c in record["draft"]["to_confirm"] if c["field"] == f"answers.{qid}.coded.predictive_analytics"]
        assert len(notes) == 1 and sentence in notes[0]["note"].replace("\n", " ")
    assert answers["q3"]["coded"] == dict.fromkeys(find.KINDS, "not_stated")  # "Yes" says not which
    named = [s["name"] for s in record.get("systems", [])] + [n["name"] for n in record["draft"].get("names", [])]
    assert "Power BI" in named and "What Works for Children's Social Care" in named
    assert record["draft"]["files"][0]["file"] == f"reply.{kind}"
    assert all(c["found_in"] for c in record["draft"]["to_confirm"])


@needs_seed
def test_names_the_register_does_not_know_are_listed_for_review(letters: dict[str, Path], tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    (content / "responses" / "westminster" / "gillies-2021.yaml").unlink()  # the only record naming them
    for path in [content / "systems.yaml", *content.glob("reports/*.yaml"), *content.glob("responses/*/*.yaml")]:
        text = path.read_text(encoding="utf-8")
        if "Power BI" in text or "What Works" in text:
            path.unlink()
    record = drafted("westminster", "gillies-2021", str(letters["pdf"]), "--content", str(content))
    new = {n["name"]: n for n in record["draft"]["names"] if n["known_as"] == "new"}
    assert "What Works for Children's Social Care" in new and "PowerBi" in new
    assert new["PowerBi"]["found_in"].startswith("reply.pdf, page 1, paragraph")


# Generic rules, on made-up replies ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("Our ref: 19724857\nDate: 16 April 2021", "19724857"),
        ("Our Ref: DC/FOI 422/18\n\nDear Sir", "DC/FOI 422/18"),
        ("Date: 13 April 2018\nRef: FOI10862", "FOI10862"),
        ("Reference Number:\n\nFOI20186816DJL 15 May 2018", "FOI20186816DJL"),
        ("Request for Information - Reference Number: CHS/AWZBQX", "CHS/AWZBQX"),
        ("Your ref: ABC 1\nOur reference: EIR-2021-0042", "EIR-2021-0042"),
        ("Thank you for your request (FOI18-0501-13317), received on 1 May 2018.", "FOI18-0501-13317"),
        ("Freedom of Information – Response – 16078\n\nWe are submitting the following request.", "16078"),
        ("Reference: ECC4537301 05 18\nResponse: 18 May 2018", "ECC4537301 05 18"),
        ("on our website. Please quote reference 1189733.", "1189733"),
        ("Your request number is CRN00166467", "CRN00166467"),
        ("Our Ref:\tFOI/2021/1234\nYour Ref:", "FOI/2021/1234"),
        ("Request ID: 55512\n\nDear Sir", "55512"),
        ("FOI Request: 2021-0042\n\nThank you for your FOI request of 3 March.", "2021-0042"),
        ("Case Reference: IG/1234", "IG/1234"),
        ("Date 16 July 2018\n\nRef: 943388Ref:\n\nDear Lab", "943388"),
        ("Our reference:\nEIR 2021/123", "EIR 2021/123"),
    ],
)
def test_references_are_found_in_their_usual_forms(text: str, reference: str) -> None:
    found, _ = find.reference(paragraphs(text))
    assert found is not None and found.value == reference


@pytest.mark.parametrize(
    ("text", "replied", "received"),
    [
        ("Date: 16 April 2021\nOur ref: 1", "2021-04-16", None),
        (
            "17 April 2018\n\nThank you for your request, which was received on 16 March 2018.",
            "2018-04-17",
            "2018-03-16",
        ),
        ("FOI20186816DJL 15 May 2018\nDate Received: Date: 01-May-18", "2018-05-15", "2018-05-01"),
        ("Date: 16/04/2021", "2021-04-16", None),
        ("Dated: 2021-04-16", "2021-04-16", None),
        ("Friday, April 16, 2021\n\nDear Requester", "2021-04-16", None),
        ("16th Apr 2021\n\nYour request dated 2 March 2021 asked", "2021-04-16", "2021-03-02"),
        ("Date: 16.04.21", "2021-04-16", None),
        (
            "Our request (sent 30-04-2018):\n\nTheir reply (received 29-05-2018):\n\nDear Lab,",
            "2018-05-29",
            "2018-04-30",
        ),
        ("Reference: ECC4537301 05 18\nResponse: 18 May 2018", "2018-05-18", None),
        ("Date: Friday 16 April 2021", "2021-04-16", None),
        ("Date received: 1 March 2021\nDate sent: 16 April 2021", "2021-04-16", "2021-03-01"),
        ("Date of request: 1 March 2021\nResponse date: 16 April 2021", "2021-04-16", "2021-03-01"),
        ("16th of April, 2021\n\nRe: your request", "2021-04-16", None),
    ],
)
def test_reply_and_received_dates_in_many_formats(text: str, replied: str, received: str | None) -> None:
    reply, got = find.reply_date(paragraphs(text))
    assert reply is not None and reply.value.isoformat() == replied
    assert (got.value.isoformat() if got else None) == received


def test_exemptions_are_found_as_sections_of_the_act_they_name() -> None:
    text = (
        "We are withholding the names of staff under section 40(2) of the Act.\n\n"
        "Some of the information is exempt under s.12, as the cost of compliance exceeds the limit.\n\n"
        "The contract is withheld under Section 43 (2), commercial interests; sections 21 and 31(1)(a) also apply.\n\n"
        "Under section 17 we must tell you why, and section 16 obliges us to advise.\n\n"
        "Section 11 of the Children Act 2004 applies to safeguarding.\n\n"
        "The council relies on Regulation 12(4)(b) and Regulation 13 of the Environmental Information Regulations.\n\n"
        "A care order under section 31 of the Children Act 1989 is not an exemption.\n\n"
        "Legal advice is exempt under s42(1); section 36 (2)(b)(ii) applies to the minutes."
    )
    found = [f.value for f in find.exemptions(paragraphs(text), text)]
    assert found == [
        ("FOIA", "40(2)"),
        ("FOIA", "12"),
        ("FOIA", "43(2)"),
        ("FOIA", "21"),
        ("FOIA", "31(1)(a)"),
        ("EIR", "12(4)(b)"),
        ("EIR", "13"),
        ("FOIA", "42(1)"),
        ("FOIA", "36(2)(b)(ii)"),
    ]
    first = find.exemptions(paragraphs(text), text)[0]
    assert first.text == "We are withholding the names of staff under section 40(2) of the Act."
    assert first.place == "reply.txt, paragraph 1"


def test_a_refusal_on_cost_that_never_names_section_12_suggests_it_and_says_so() -> None:
    text = "Dear Ms Redden\n\nTo provide all briefing notes would be beyond the 18 hours allowed."
    found = find.exemptions(paragraphs(text), text)
    assert [f.value for f in found] == [("FOIA", "12")]
    assert found[0].text.startswith("(the cost limit, not named by its section) To provide all briefing notes")
    assert found[0].place == "reply.txt, paragraph 2"


def test_scottish_replies_cite_foisa() -> None:
    text = "Freedom of Information (Scotland) Act 2002\n\nThe information is exempt under section 25 of FOISA."
    assert [f.value for f in find.exemptions(paragraphs(text), text)] == [("FOISA", "25")]


QUESTIONS = [
    {"id": "q1", "text": "Has the council used data analytics, predictive analytics or AI?", "answer_kind": "use"},
    {"id": "q2", "text": "Is the council using them now?", "answer_kind": "use"},
    {"id": "q3", "text": "Any briefing notes or reports?", "answer_kind": "documents"},
]


def test_answers_by_number_and_plain_coding_only() -> None:
    text = (
        "Question 1: Has the council used data analytics, predictive analytics or AI?\n"
        "We do not use artificial intelligence. We use data analytics for reporting.\n\n"
        "Q2 Is the council using them now?\n\nWe are exploring options with partners.\n\n"
        "3. Any briefing notes or reports?\n\nPlease find attached the briefing note.\n\n"
        "If you are unhappy with this response you may ask for an internal review."
    )
    found = find.answers(paragraphs(text), QUESTIONS)
    assert [a.passage[0].text for a in found] == [
        "We do not use artificial intelligence.",
        "We are exploring options with partners.",
        "Please find attached the briefing note.",
    ]
    q1 = find.code_use(found[0])
    assert q1["artificial_intelligence"].value == "no"  # type: ignore[union-attr]
    assert q1["data_analytics"].value == "yes"  # type: ignore[union-attr]
    assert q1["predictive_analytics"] is None  # not said: not_stated
    assert all(v is None for v in find.code_use(found[1]).values())  # "exploring" is not plain
    assert find.code_documents(found[2]).value == "provided"  # type: ignore[union-attr]
    assert "internal review" not in found[2].text


def test_answers_by_wording_when_the_reply_does_not_number_them() -> None:
    text = (
        "Has the council used data analytics, predictive analytics or AI?\n\nNo.\n\n"
        "Any briefing notes or reports?\n\nNo such information is held by the council."
    )
    found = find.answers(paragraphs(text), QUESTIONS)
    assert found[0].how == "wording" and found[0].text == "No."
    assert found[1].question is None
    assert {k: v.value for k, v in find.code_use(found[0]).items() if v} == dict.fromkeys(find.KINDS, "no")
    assert find.code_documents(found[2]).value == "none_held"  # type: ignore[union-attr]


def test_a_reference_only_in_the_file_name_is_a_weak_suggestion_that_says_so() -> None:
    found, _ = find.reference(
        paragraphs("Dear Lab,\n\nThank you for your request.", "Hackney FOI18-0501-13317 Response.txt")
    )
    assert found is not None and found.value == "FOI18-0501-13317"
    assert found.place == "Hackney FOI18-0501-13317 Response.txt, file name" and "only in the file name" in found.text


def test_a_body_date_deep_in_the_letter_is_not_taken_for_the_reply_date() -> None:
    text = (
        "Dear Ms Redden\n\n"
        + "\n\n".join(["Some words."] * 10)
        + "\n\nThe dataset holds children as at the 31st August 2017."
    )
    assert find.reply_date(paragraphs(text))[0] is None


def test_a_request_restated_as_a_list_is_not_taken_for_its_answers() -> None:
    own_words = [{**q, "wording": "own_words"} for q in QUESTIONS]
    text = (
        "Specifically, we are requesting:\n\n"
        "· Has the council used data analytics, predictive analytics or AI?\n\n"
        "· Any overviews about how outputs are produced.\n\n"
        "· Any briefing notes or reports?\n\n"
        "Our Response: the council holds no such systems."
    )
    found = find.answers(paragraphs(text), own_words)
    assert found[0].how == "wording" and found[0].passage == []  # its "answer" would be the next bullet
    assert found[2].text == "Our Response: the council holds no such systems."


# Formats ------------------------------------------------------------------------------------------


def test_an_email_is_read_with_its_attachments(tmp_path: Path) -> None:
    letter = pdf_bytes(["Our ref: FOI 55501", "Date: 4 May 2021", "1. Has the council used data analytics?", "No."])
    path = tmp_path / "reply.eml"
    path.write_bytes(eml_bytes("Please find our reply attached.", {"FOI 55501 response.pdf": letter}))
    reply = read.read_file(path)
    assert reply.meta["Subject"] == "Freedom of Information request FOI 55501"
    assert [a.name for a in reply.attachments] == ["FOI 55501 response.pdf"]
    assert reply.attachments[0].paragraphs[0].place.startswith("FOI 55501 response.pdf, page 1, paragraph 1")
    record = drafted("exampleton", "test-batch", str(path), cwd=_project(tmp_path))
    assert [f["file"] for f in record["draft"]["files"]] == ["reply.eml", "FOI 55501 response.pdf"]
    assert record["draft"]["files"][1]["title"] == "FOI 55501 response"
    assert record["dates"]["replied"]["date"] == "2021-05-04"


def test_a_saved_whatdotheyknow_page_reads_the_authoritys_messages_only(tmp_path: Path) -> None:
    path = tmp_path / "request.html"
    path.write_text(WDTK_PAGE, encoding="utf-8")
    reply = read.read_file(path)
    texts = [p.text for p in reply.paragraphs]
    assert texts[0] == "Our ref: EXM/FOI/2021/0042" and "REQ 999" not in " ".join(texts)
    assert not any("NOT-THIS" in t or "Browse" in t for t in texts)
    assert reply.paragraphs[0].place == "request.html, message 1, paragraph 1"
    record = drafted("exampleton", "test-batch", str(path), cwd=_project(tmp_path))
    assert record["documents"] == [
        {
            "title": "FOI 0042 reply.pdf",
            "url": "https://www.whatdotheyknow.com/request/use_of_analytics_exampleton/response/4242/attach/2/FOI%200042%20reply.pdf",
        }
    ]  # a link elsewhere, or a script, is not an attachment
    assert record["council_reference"] == "EXM/FOI/2021/0042"
    assert record["dates"]["replied"]["date"] == "2021-05-03"
    assert record["answers"]["q1"]["coded"]["predictive_analytics"] == "no"
    assert record["answers"]["q2"]["coded"] == dict.fromkeys(find.KINDS, "no")


def test_a_powerpoint_is_read_slide_by_slide(tmp_path: Path) -> None:
    import pptx

    deck = pptx.Presentation()
    for words in ("Think Family Database", "Risk model overview"):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = words
    path = tmp_path / "deck.pptx"
    deck.save(str(path))
    reply = read.read_file(path)
    assert [p.place for p in reply.paragraphs] == ["deck.pptx, slide 1, paragraph 1", "deck.pptx, slide 2, paragraph 1"]
    assert reply.pages == 2


# Bad input ----------------------------------------------------------------------------------------


def _project(tmp_path: Path) -> Path:
    if not (tmp_path / "content").is_dir():
        write_project(tmp_path)
    return tmp_path


BAD = {
    "locked.pdf": (encrypted_pdf, "is password-protected"),
    "scan.pdf": (scanned_pdf, "no text found on any page: the file needs OCR first"),
    "cut.pdf": (lambda: pdf_bytes(["Our ref: 1"])[:300], "damaged or cut short"),
    "noise.pdf": (lambda: b"%PDF-1.7\n" + os.urandom(2000), "damaged or cut short"),
    "cut.docx": (lambda: docx_bytes(["Our ref: 1"])[:2000], "damaged or cut short"),
    "bomb.docx": (zip_bomb_docx, "zip bomb"),
    "sheet.xlsx": (lambda: b"PK\x03\x04" + b"\0" * 100, "not a format the draft reads"),
    "picture.png": (lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "not a format the draft reads"),
    "empty.txt": (lambda: b"  \n\n ", "holds no text"),
    "old.doc": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "antiword or catdoc"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_every_bad_file_is_a_clear_message_and_a_failure(tmp_path: Path, name: str) -> None:
    make, phrase = BAD[name]
    path = tmp_path / name
    path.write_bytes(make())
    env = {"PATH": str(tmp_path / "no-tools")} if name == "old.doc" else None  # neither antiword nor catdoc
    done = run("draft", "exampleton", "test-batch", str(path), cwd=_project(tmp_path), env=env)
    assert done.returncode == 1
    assert phrase in done.stderr and name in done.stderr
    assert "Traceback" not in done.stderr and not done.stdout
    assert not (tmp_path / "content" / "responses" / "exampleton").exists()


def test_a_file_over_50_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as f:
        f.truncate(51 * 1024 * 1024)  # sparse: no disk or memory used
    with pytest.raises(ReadError, match="over the 50 MB limit"):
        read.read_file(path)


def test_a_zip_that_unpacks_too_large_in_total_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read, "MAX_UNZIPPED", 10_000)
    with pytest.raises(ReadError, match="would unpack to"):
        read.read_bytes("big.docx", docx_bytes(["x" * 20_000]))


def test_unknown_council_or_batch_says_did_you_mean(tmp_path: Path) -> None:
    path = tmp_path / "reply.txt"
    path.write_text("Our ref: 1234", encoding="utf-8")
    done = run("draft", "westminter", "gillies-2021", str(path))
    assert done.returncode == 1 and "no council 'westminter'" in done.stderr and "'westminster'" in done.stderr
    done = run("draft", "westminster", "gilies-2021", str(path))
    assert done.returncode == 1 and "no batch 'gilies-2021'" in done.stderr and "'gillies-2021'" in done.stderr
    done = run("draft", "westminster", "gillies-2021", str(tmp_path / "missing.pdf"))
    assert done.returncode == 1 and "missing.pdf: cannot be opened" in done.stderr


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    project = _project(tmp_path)
    reply = tmp_path / "reply.txt"
    reply.write_text("Our ref: EX-2021-7\n\nDate: 2 May 2021\n\n1. Has the council used data analytics?\n\nNo.")
    target = project / "content" / "responses" / "exampleton" / "test-batch.yaml"
    done = run("draft", "exampleton", "test-batch", str(reply), cwd=project)
    assert done.returncode == 0 and target.is_file(), done.stderr
    target.write_text("mine", encoding="utf-8")
    done = run("draft", "exampleton", "test-batch", str(reply), cwd=project)
    assert done.returncode == 1 and "exists already" in done.stderr and "--force" in done.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    done = run("draft", "exampleton", "test-batch", str(reply), "--force", cwd=project)
    assert done.returncode == 0 and "EX-2021-7" in target.read_text(encoding="utf-8")


# A draft in the register ---------------------------------------------------------------------------


def test_validate_lists_each_suggestion_with_its_line_and_the_build_refuses_a_draft(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = _project(tmp_path)
    reply = tmp_path / "reply.txt"
    reply.write_text(
        "Our ref: EX-2021-7\n\nDate: 2 May 2021\n\n"
        "1. Has the council used data analytics, predictive analytics or AI?\n\n"
        "The council has not used predictive analytics.\n\n2. Is the council using them now?\n\nNo."
    )
    assert run("draft", "exampleton", "test-batch", str(reply), cwd=project).returncode == 0
    record = project / "content" / "responses" / "exampleton" / "test-batch.yaml"
    lines = record.read_text(encoding="utf-8").splitlines()
    done = run("validate", cwd=project)
    assert done.returncode == 1
    reported = [line for line in done.stdout.splitlines() if ": to confirm" in line]
    assert sum(": draft: is a draft with" in line for line in done.stdout.splitlines()) == 1
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    assert len(reported) == len(data["draft"]["to_confirm"])
    ref = next(line for line in reported if ": council_reference: " in line)
    number = int(ref.split(":")[1])
    assert lines[number - 1].startswith("council_reference:")
    coded = next(line for line in reported if "answers.q1.coded.predictive_analytics" in line)
    assert "The council has not used predictive analytics." in coded
    assert "suggestion(s) to confirm in 1 draft record(s)" in done.stderr
    with pytest.raises(Exception, match="Aborted"):
        build_site(project / "mkdocs.yml", tmp_path / "site")
    assert "1 draft record(s); a draft is never published, so nothing was built" in caplog.text
    assert "content/responses/exampleton/test-batch.yaml: a draft, " in caplog.text
    assert not (tmp_path / "site" / "councils").exists()


def test_the_preview_shows_a_draft_under_a_draft_banner(tmp_path: Path) -> None:
    project = _project(tmp_path)
    reply = tmp_path / "reply.txt"
    reply.write_text("Our ref: EX-2021-7\n\nDate: 2 May 2021\n\n1. Has the council used data analytics?\n\nNo.")
    assert run("draft", "exampleton", "test-batch", str(reply), cwd=project).returncode == 0
    build_preview(project / "mkdocs.yml", tmp_path / "site")
    page = read_page(tmp_path / "site", "councils/exampleton/")
    banner = page.by_id("far-draft")
    assert banner is not None and banner.attrs["role"] == "note"
    assert banner.find("p").words() == "Draft"
    assert "content/responses/exampleton/test-batch.yaml" in banner.words()
    assert "suggestion(s) still to confirm" in banner.words()
    other = read_page(tmp_path / "site", "councils/testshire/").by_id("far-draft")
    assert other is not None and "1 draft record(s)" in other.words()


def test_batch_mode_drafts_a_folder_per_council_with_one_line_each(tmp_path: Path) -> None:
    project = _project(tmp_path)
    folder = tmp_path / "replies"
    (folder / "exampleton").mkdir(parents=True)
    (folder / "exampleton" / "response.txt").write_text(
        "Our ref: EX-1\n\nDate: 2 May 2021\n\n1. Has the council used data analytics?\n\nNo."
    )
    (folder / "testshire").mkdir()
    (folder / "testshire" / "reply.pdf").write_bytes(scanned_pdf())
    (folder / "nowhere").mkdir()
    (folder / "nowhere" / "reply.txt").write_text("Our ref: X-1")
    out = tmp_path / "drafts"
    done = run("draft", "test-batch", "--batch", str(folder), "--out", str(out), cwd=project)
    assert done.returncode == 1  # two of three failed, each said on its own line
    lines = done.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("exampleton: ref EX-1, 2021-05-02, 1/4 answers found")
    assert lines[1].startswith("nowhere: error: no council 'nowhere'")
    assert lines[2].startswith("testshire: error:") and "needs OCR first" in lines[2]
    assert (out / "exampleton" / "test-batch.yaml").is_file()
    assert "1 of 3 council(s) drafted." in done.stderr


# WhatDoTheyKnow -------------------------------------------------------------------------------------

REQUEST_JSON = {
    "id": 700001,
    "url_title": "use_of_analytics_exampleton",
    "title": "Use of analytics in children's services",
    "created_at": "2021-02-11T09:00:00.000+00:00",
    "described_state": "successful",
    "display_status": "Successful.",
    "awaiting_description": False,
    "law_used": "foi",
    "user": {"id": 1, "url_name": "test_requester", "name": "Test Requester"},
    "public_body": {"id": 2, "url_name": "exampleton", "name": "Exampleton Borough Council"},
    "info_request_events": [
        {"id": 1, "event_type": "sent", "created_at": "2021-02-11T09:00:00.000+00:00", "outgoing_message_id": 5},
        {"id": 2, "event_type": "response", "created_at": "2021-05-04T15:30:00.000+01:00", "incoming_message_id": 4242},
        {"id": 3, "event_type": "status_update", "created_at": "2021-05-05T08:00:00.000+01:00"},
    ],
}


@pytest.fixture
def server() -> Iterator[dict]:
    """A local WhatDoTheyKnow: /request/<name>.json serves `answers[name]`; /slow/… waits."""
    state: dict = {"answers": {"use_of_analytics_exampleton": REQUEST_JSON}, "asked": []}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            state["asked"].append(self.path)
            if self.path.startswith("/slow/"):
                time.sleep(3)
            name = self.path.rsplit("/", 1)[-1].removesuffix(".json")
            if name not in state["answers"]:
                self.send_error(404)
                return
            body = json.dumps(state["answers"][name]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    state["base"] = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_wdtk_fills_the_request_status_and_dates_with_certainty(server: dict, tmp_path: Path) -> None:
    reply = tmp_path / "reply.txt"
    reply.write_text("Our ref: EX-9\n\nDate: 3 May 2021\n\n1. Has the council used data analytics?\n\nNo.")
    url = f"{server['base']}/request/use_of_analytics_exampleton/"
    record = drafted("exampleton", "test-batch", str(reply), "--wdtk", url, cwd=_project(tmp_path))
    assert server["asked"] == ["/request/use_of_analytics_exampleton.json"]  # URL.json, once
    assert record["request"]["url"] == "https://www.whatdotheyknow.com/request/use_of_analytics_exampleton"
    assert record["request"]["title"] == "Use of analytics in children's services"
    assert record["request"]["requester"] == {
        "name": "Test Requester",
        "basis": "seen",
        "note": "Named as the requester on WhatDoTheyKnow.",
    }
    assert record["status"] == "successful" and "Successful" in record["status_note"]
    assert record["dates"]["sent"] == {
        "date": "2021-02-11",
        "certainty": "reported",
        "note": "The request's sent event on WhatDoTheyKnow.",
    }
    assert record["dates"]["replied"]["date"] == "2021-05-03"  # the letter's own date wins
    assert "2021-05-04 (#incoming-4242)" in record["dates"]["replied"]["note"]
    assert record["sources"][0]["url"] == record["request"]["url"]
    assert not any(c["field"] == "request.url" for c in record["draft"]["to_confirm"])


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"described_state": "rejected"}, "refused"),
        ({"described_state": "not_held"}, "not_held"),
        ({"described_state": "user_withdrawn"}, "withdrawn"),
        ({"described_state": "waiting_clarification"}, "awaiting_clarification"),
        ({"described_state": "gone_postal"}, "unknown"),
        ({"described_state": "vexatious"}, "refused"),
        ({"described_state": "waiting_response", "awaiting_description": True}, "awaiting_classification"),
        ({"described_state": "waiting_response"}, "awaiting"),
        ({"described_state": "something_new"}, "unknown"),
    ],
)
def test_wdtk_states_map_to_the_registers_statuses(changes: dict, status: str) -> None:
    assert wdtk.from_json({**REQUEST_JSON, **changes}).status == status
    assert set(wdtk.STATUS) >= {"waiting_response", "rejected", "successful", "internal_review", "not_foi"}


def test_wdtk_overdue_comes_from_the_calculated_state() -> None:
    events = [
        *REQUEST_JSON["info_request_events"],
        {"event_type": "overdue", "created_at": "2021-03-12T00:00:00Z", "calculated_state": "waiting_response_overdue"},
    ]
    assert (
        wdtk.from_json({**REQUEST_JSON, "described_state": "waiting_response", "info_request_events": events}).status
        == "overdue"
    )


def test_wdtk_times_out_with_a_clear_message_and_no_retry(server: dict, tmp_path: Path) -> None:
    reply = tmp_path / "reply.txt"
    reply.write_text("Our ref: EX-9")
    started = time.monotonic()
    done = run(
        "draft", "exampleton", "test-batch", str(reply), "--wdtk", f"{server['base']}/slow/use_of_analytics_exampleton",
        cwd=_project(tmp_path), env={"SITE_BUILDER_WDTK_TIMEOUT": "0.5"},
    )  # fmt: skip
    assert done.returncode == 1 and "no answer within 0.5 s" in done.stderr and "Traceback" not in done.stderr
    assert time.monotonic() - started < 2.9  # it gave up before the server answered
    assert server["asked"] == ["/slow/use_of_analytics_exampleton.json"]


def test_wdtk_errors_are_clear(server: dict) -> None:
    with pytest.raises(wdtk.WdtkError, match="answered 404"):
        wdtk.fetch(f"{server['base']}/request/no_such_request", timeout=5)
    server["answers"]["not_a_request"] = {"hello": 1}
    with pytest.raises(wdtk.WdtkError, match="not a WhatDoTheyKnow request"):
        wdtk.fetch(f"{server['base']}/request/not_a_request", timeout=5)
    with pytest.raises(wdtk.WdtkError, match="not a WhatDoTheyKnow request address"):
        wdtk.fetch("ftp://example.org/x", timeout=5)


def test_a_file_that_keeps_a_reader_busy_ends_in_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def loops(name: str, data: bytes, depth: int = 0) -> read.Reply:
        while True:
            time.sleep(0.05)

    monkeypatch.setitem(read.READERS, "text", loops)
    monkeypatch.setattr(read, "READ_TIMEOUT", 0.3)
    path = tmp_path / "reply.txt"
    path.write_text("Our ref: 1")
    started = time.monotonic()
    with pytest.raises(ReadError, match=r"reply.txt: reading it took over 0.3 s"):
        read.read_file(path)
    assert time.monotonic() - started < 3


def test_an_attachment_that_cannot_be_read_is_listed_not_fatal(tmp_path: Path) -> None:
    reply = tmp_path / "reply.txt"
    reply.write_text("Our ref: EX-3\n\nDate: 2 May 2021")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf())
    done = run("draft", "exampleton", "test-batch", str(reply), str(scan), "--out", "-", cwd=_project(tmp_path))
    assert done.returncode == 0 and "warning: attachment not read" in done.stderr and "needs OCR first" in done.stderr
    record = yaml.safe_load(done.stdout)
    assert record["draft"]["files"][1] == {
        "file": "scan.pdf",
        "title": "scan",
        "role": "attachment",
        "read_as": "not read",
    }
    assert any(c["field"] == "draft.files[1]" and "needs OCR first" in c["note"] for c in record["draft"]["to_confirm"])


def test_sections_of_other_acts_named_before_them_are_not_exemptions() -> None:
    text = (
        "Crime and Disorder Act 1998 - Section 37 applies.\n\n"
        "Criminal Justice Act 2003 - Section 325 of this Act applies.\n\n"
        "Freedom of Information Act 2000 - Section 12 applies, as the cost limit is exceeded."
    )
    assert [f.value for f in find.exemptions(paragraphs(text), text)] == [("FOIA", "12")]


def test_a_word_letter_keeps_its_reference_in_the_first_page_header_and_its_date_in_a_text_box(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Our ref: WB/FOI/2021/77"
    box = (
        '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:pict><v:shape><v:textbox><w:txbxContent>'
        "<w:p><w:r><w:t>Date: 7 June 2021</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    )
    document.element.body.insert(0, parse_xml(box))
    document.add_paragraph("Dear Requester")
    path = tmp_path / "letter.docx"
    document.save(str(path))
    reply = read.read_file(path)
    places = {p.text: p.place for p in reply.paragraphs}
    assert places["Our ref: WB/FOI/2021/77"] == "letter.docx, header, paragraph 1"
    assert places["Date: 7 June 2021"] == "letter.docx, text box, paragraph 1"
    assert places["Dear Requester"] == "letter.docx, paragraph 1"
    assert find.reference(reply.paragraphs)[0].value == "WB/FOI/2021/77"  # type: ignore[union-attr]
    assert find.reply_date(reply.paragraphs)[0].value.isoformat() == "2021-06-07"  # type: ignore[union-attr]
