"""Reply files for the draft tests, made by the tests themselves: the founding letter (from the
shared seeds) as PDF and Word, and every kind of bad file. Nothing here is committed as a file."""

from __future__ import annotations

import email.message
import io
import re
import zipfile
from pathlib import Path

import docx
from fpdf import FPDF

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seeds" / "westminster-2021-04-16-foi-reply.txt"


def letter_paragraphs(text: str | None = None) -> list[str]:
    """The letter as a person would see it printed: no Markdown marks, one entry per paragraph."""
    text = SEED.read_text(encoding="utf-8") if text is None else text
    text = text.replace("**", "")
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)  # [label](link) -> label
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    out = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.splitlines() if line.strip() and line.strip() != "---"]
        items: list[list[str]] = []
        for line in lines:
            if line.startswith("- ") or not items:
                items.append([line[2:] if line.startswith("- ") else line])
            else:
                items[-1].append(line)
        out += [" ".join(i) if not _address(i) else "\n".join(i) for i in items]
    return out


def _address(lines: list[str]) -> bool:
    return len(lines) > 1 and all(len(line) < 40 for line in lines)


def pdf_bytes(paragraphs: list[str], repeat_to_pages: int = 0, title: str = "Reply") -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    while True:
        for paragraph in paragraphs:
            pdf.multi_cell(
                0, 5, paragraph.encode("latin-1", "replace").decode("latin-1"), new_x="LMARGIN", new_y="NEXT"
            )
            pdf.ln(5)
        if pdf.page_no() >= repeat_to_pages:
            break
    return bytes(pdf.output())


def docx_bytes(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def encrypted_pdf(password: str = "secret") -> bytes:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password=password)
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Our ref: FOI 123456")
    return bytes(pdf.output())


def scanned_pdf(pages: int = 2) -> bytes:
    """Pages with drawings and no text layer, as a scanner makes them (without its image)."""
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.rect(20, 20, 170, 250, style="F")
    return bytes(pdf.output())


def zip_bomb_docx(size: int = 40 * 1024 * 1024) -> bytes:
    """A .docx-shaped zip whose document part unpacks from a few KB to `size` bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                part.write(chunk)
    return out.getvalue()


def eml_bytes(body: str, attachments: dict[str, bytes]) -> bytes:
    message = email.message.EmailMessage()
    message["From"] = "FOI Team <foi@council.example>"
    message["To"] = "requester@example.org"
    message["Subject"] = "Freedom of Information request FOI 55501"
    message["Date"] = "Tue, 04 May 2021 10:00:00 +0100"
    message.set_content(body)
    for name, data in attachments.items():
        maintype, subtype = ("application", "pdf") if name.endswith(".pdf") else ("application", "octet-stream")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


WDTK_PAGE = """<!DOCTYPE html><html><head><title>Use of analytics - a Freedom of Information request to
Exampleton Borough Council - WhatDoTheyKnow</title><script>var x = "Our ref: NOT-THIS-1";</script></head>
<body><nav>Browse requests</nav>
<div class="correspondence" id="outgoing-1"><div class="correspondence_text"><p>Dear Exampleton,
Has the council used data analytics, predictive analytics or AI? Your ref: REQ 999</p></div></div>
<div class="correspondence" id="incoming-4242"><div class="correspondence_text">
<p>Our ref: EXM/FOI/2021/0042</p><p>Date: 3rd May 2021</p>
<p>1. Has the council used data analytics, predictive analytics or AI?</p>
<p>The council has not used predictive analytics or AI. It uses Power BI dashboards.</p>
<p>2. Is the council using them now?</p><p>No.</p>
<p>Yours sincerely</p></div>
<ul class="list-of-attachments"><li>
<a href="/request/use_of_analytics_exampleton/response/4242/attach/2/FOI%200042%20reply.pdf">FOI 0042 reply.pdf</a>
<a href="/request/use_of_analytics_exampleton/response/4242/attach/2/FOI%200042%20reply.pdf">Download</a></li>
<li><a href="https://evil.example/request/x/attach/1/a.pdf">elsewhere</a></li>
<li><a href="javascript:alert(1)//request/x/attach/1/b.pdf">script</a></li></ul></div></body></html>
"""
