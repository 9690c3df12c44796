"""Replies laid out as real ones are: a letterhead with the address block on the right, headers and
footers with page numbers, questions and answers in a table, two columns; in Word a table-based
letterhead, a header and footer, numbered lists and text boxes. The files are made here (fpdf2,
python-docx); each test checks that the text keeps its reading order and the reference and date."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.oxml import parse_xml
from fpdf import FPDF

from site_builder.draft import find, read

QUESTIONS = [
    {"id": "q1", "text": "Does the Trust use predictive analytics in children's services?", "answer_kind": "use"},
    {"id": "q2", "text": "Does the Trust hold any reports on such tools?", "answer_kind": "documents"},
]


class _Letter(FPDF):
    def header(self) -> None:
        self.set_font("Helvetica", "B", 9)
        self.cell(0, 6, "Anytown NHS Foundation Trust - Information Governance", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")


def _pdf_letter() -> bytes:
    pdf = _Letter(format="A4")
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    # The Trust's address block, on the right; the requester's address on the left, lower down.
    top = pdf.get_y()
    for line in [
        "Trust Headquarters",
        "1 Hospital Road",
        "Anytown AN1 1AA",
        "",
        "Our ref: FOI/2023/0456",
        "Date: 3 March 2023",
    ]:
        pdf.set_x(125)
        pdf.cell(70, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(top + 38)
    for line in ["Ms J Smith", "2 High Street", "Othertown OT2 2BB"]:
        pdf.cell(80, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    body = [
        "Dear Ms Smith",
        "Freedom of Information Act 2000 - request received on 6 February 2023",
        "Thank you for your request. Our answers are below.",
        "1. Does the Trust use predictive analytics in children's services?",
        "The Trust has not used predictive analytics in children's services.",
        "2. Does the Trust hold any reports on such tools?",
        "No such reports are held by the Trust. The names of staff are withheld under section 40(2) of the Act.",
    ]
    for paragraph in body * 3:  # long enough for a second page, with its header and footer
        pdf.multi_cell(0, 5, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    pdf.multi_cell(0, 5, "Yours sincerely", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _save(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_pdf_letterhead_with_the_address_block_on_the_right(tmp_path: Path) -> None:
    reply = read.read_file(_save(tmp_path, "trust.pdf", _pdf_letter()))
    assert reply.pages == 2
    ref, _ = find.reference(reply.paragraphs)
    replied, received = find.reply_date(reply.paragraphs)
    assert ref is not None and ref.value == "FOI/2023/0456"
    assert replied is not None and replied.value.isoformat() == "2023-03-03"
    assert received is not None and received.value.isoformat() == "2023-02-06"
    text = "\n".join(p.text for p in reply.paragraphs)
    # Reading order: the greeting before the answers, each question before its answer.
    assert text.index("Dear Ms Smith") < text.index("1. Does the Trust") < text.index("has not used predictive")
    assert "Page 1 of 2" in text and "Page 2 of 2" in text
    got = find.answers(reply.paragraphs, QUESTIONS)
    assert got[0].passage[0].text == "The Trust has not used predictive analytics in children's services."
    assert find.code_use(got[0])["predictive_analytics"].value == "no"  # type: ignore[union-attr]
    assert [f.value for f in find.exemptions(reply.paragraphs, text)] == [("FOIA", "40(2)")]


def _pdf_table() -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, "Metropolitan Police Service\nReference No: 01/FOI/23/030123\nDate: 14 Sept 2023")
    pdf.ln(6)
    pdf.multi_cell(0, 5, "Dear Applicant\n\nThe answers to your questions are in the table below.")
    pdf.ln(6)
    with pdf.table(col_widths=(95, 95), padding=3) as table:  # cells that touch are read as one line
        for row in [
            ("Question", "Response"),
            (
                "1. Does the Trust use predictive analytics in children's services?",
                "No. The force does not use predictive analytics in children's services.",
            ),
            ("2. Does the Trust hold any reports on such tools?", "No such reports are held."),
        ]:
            cells = table.row()
            for cell in row:
                cells.cell(cell)
    return bytes(pdf.output())


def test_a_pdf_table_of_questions_and_answers_keeps_each_row_together(tmp_path: Path) -> None:
    reply = read.read_file(_save(tmp_path, "police.pdf", _pdf_table()))
    ref, _ = find.reference(reply.paragraphs)
    replied, _ = find.reply_date(reply.paragraphs)
    assert ref is not None and ref.value == "01/FOI/23/030123"
    assert replied is not None and replied.value.isoformat() == "2023-09-14"
    text = "\n".join(p.text for p in reply.paragraphs)
    assert text.index("Dear Applicant") < text.index("predictive analytics") < text.index("No such reports")
    got = find.answers(reply.paragraphs, QUESTIONS)
    assert got[0].question is not None and got[1].question is not None
    assert "does not use predictive analytics" in got[0].text
    assert "No such reports are held." in got[1].text


def _pdf_two_columns() -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, "University of Anytown\nOur ref: UOA-FOI-23-104\n3rd March 2023")
    pdf.ln(6)
    left = (
        "Dear Enquirer. Thank you for your request which we received on 6 February 2023. "
        "The University first considered it in full. "
    )
    right = "Some of the information is exempt under section 43(2) of the Act. The rest is attached."
    with pdf.text_columns(ncols=2, gutter=10) as columns:
        columns.write(text=left * 6)
        columns.new_column()
        columns.write(text=right)
    return bytes(pdf.output())


def test_a_two_column_pdf_reads_the_left_column_before_the_right(tmp_path: Path) -> None:
    reply = read.read_file(_save(tmp_path, "university.pdf", _pdf_two_columns()))
    ref, _ = find.reference(reply.paragraphs)
    replied, received = find.reply_date(reply.paragraphs)
    assert ref is not None and ref.value == "UOA-FOI-23-104"
    assert replied is not None and replied.value.isoformat() == "2023-03-03"
    assert received is not None and received.value.isoformat() == "2023-02-06"
    text = "\n".join(p.text for p in reply.paragraphs)
    found = find.exemptions(reply.paragraphs, text)
    assert [f.value for f in found] == [("FOIA", "43(2)")]
    assert found[0].text == "Some of the information is exempt under section 43(2) of the Act."
    sentences = [s for p in reply.paragraphs for s in find.sentences(p.text)]
    assert "The University first considered it in full." in sentences


# Word -----------------------------------------------------------------------------------------------


def _docx_letter() -> bytes:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Anytown Borough Council - Children's Services"
    section.footer.paragraphs[0].text = "FOI Ref: ABC/FOI/2023/0099 - Page 1"
    # A letterhead made of a table: the council's name on the left, the address block on the right.
    letterhead = document.add_table(rows=1, cols=2)
    letterhead.cell(0, 0).text = "Anytown Borough Council"
    right = letterhead.cell(0, 1)
    right.text = "Town Hall, Anytown AN1 1AA"
    right.add_paragraph("Your ref: JS/22")
    right.add_paragraph("Our ref: ABC/FOI/2023/0099")
    right.add_paragraph("Date: Friday, 3 March 2023")
    box = (
        '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:pict><v:shape><v:textbox><w:txbxContent>'
        "<w:p><w:r><w:t>Contact: Information Governance Team</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    )
    document.element.body.append(parse_xml(box))
    document.add_paragraph("Dear Ms Smith")
    document.add_paragraph("Thank you for your request dated 1 February 2023. Our answers follow.")
    document.add_paragraph("Does the Trust use predictive analytics in children's services?", style="List Number")
    document.add_paragraph("The council has not used predictive analytics in children's services.")
    document.add_paragraph("Does the Trust hold any reports on such tools?", style="List Number")
    document.add_paragraph("Reports are withheld under section 36(2)(b)(i) and (ii) of the Act.")
    document.add_paragraph("Yours sincerely")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_letter_with_a_table_letterhead_numbered_questions_and_a_footer(tmp_path: Path) -> None:
    reply = read.read_file(_save(tmp_path, "council.docx", _docx_letter()))
    ref, _ = find.reference(reply.paragraphs)
    replied, received = find.reply_date(reply.paragraphs)
    assert ref is not None and ref.value == "ABC/FOI/2023/0099"
    assert replied is not None and replied.value.isoformat() == "2023-03-03"
    assert received is not None and received.value.isoformat() == "2023-02-01"
    texts = [p.text for p in reply.paragraphs]
    # Word numbers the list itself; the reader writes the numbers Word would show.
    assert "1. Does the Trust use predictive analytics in children's services?" in texts
    assert "2. Does the Trust hold any reports on such tools?" in texts
    assert "Contact: Information Governance Team" in texts
    assert any("FOI Ref: ABC/FOI/2023/0099" in t for t in texts)  # the footer is read
    body = [p.text for p in reply.paragraphs if p.unit == "page"]
    assert body.index("Dear Ms Smith") < body.index(
        "1. Does the Trust use predictive analytics in children's services?"
    )
    got = find.answers(reply.paragraphs, QUESTIONS)
    assert [a.how for a in got] == ["number", "number"]
    assert got[0].passage[0].text == "The council has not used predictive analytics in children's services."
    found = find.exemptions(reply.paragraphs, "\n".join(texts))
    assert [f.value for f in found] == [("FOIA", "36(2)(b)(i)"), ("FOIA", "36(2)(b)(ii)")]


def test_a_word_template_with_its_date_and_reference_in_content_controls(tmp_path: Path) -> None:
    """A letter template's date picker and reference field are content controls, whose text
    python-docx's own `.text` leaves out."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    document.element.body.insert(
        0,
        parse_xml(
            f"<w:sdt {w}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Date: 3 March 2023</w:t></w:r></w:p>"
            "</w:sdtContent></w:sdt>"
        ),
    )
    reference = document.add_paragraph("Our ref: ")
    reference._p.append(
        parse_xml(f"<w:sdt {w}><w:sdtPr/><w:sdtContent><w:r><w:t>FOI/2023/0456</w:t></w:r></w:sdtContent></w:sdt>")
    )
    document.add_paragraph("Dear Mr Jones")
    out = io.BytesIO()
    document.save(out)
    reply = read.read_file(_save(tmp_path, "template.docx", out.getvalue()))
    assert [p.text for p in reply.paragraphs] == ["Date: 3 March 2023", "Our ref: FOI/2023/0456", "Dear Mr Jones"]
    ref, _ = find.reference(reply.paragraphs)
    replied, _ = find.reply_date(reply.paragraphs)
    assert ref is not None and ref.value == "FOI/2023/0456"
    assert replied is not None and replied.value.isoformat() == "2023-03-03"
