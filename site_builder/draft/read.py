"""Read a council's reply into numbered paragraphs, each with its place (file, page, paragraph).

One reader per format, each the well-kept library for it: pypdf (pure Python, reads the text layer
and says when a file is encrypted), python-docx, python-pptx, the standard library's `email` (with
every attachment read by these same readers) and `html.parser` for a page saved from
WhatDoTheyKnow. A `.doc` (Word 97-2003) goes through antiword or catdoc when either is installed.

Bad input is a `ReadError` with a message for a person, never a traceback: a file over 50 MB, a
password, no text layer, a damaged file, a zip bomb, a format it does not know.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import io
import logging
import re
import shutil
import signal
import subprocess
import threading
import urllib.parse
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

MAX_BYTES = 50 * 1024 * 1024  # a reply and its attachments are a few MB; 50 MB is far above any
MAX_UNZIPPED = 200 * 1024 * 1024  # a .docx or .pptx may hold at most this much once unpacked
MAX_RATIO = 100  # and no part may unpack to more than 100 times its packed size (beyond 1 MB)
MAX_MEMBERS = 10_000
MAX_ATTACHMENT_DEPTH = 3  # an e-mail inside an e-mail inside an e-mail, no deeper
DOC_TIMEOUT = 20  # seconds for antiword or catdoc
READ_TIMEOUT = 60.0  # seconds for any one file: a 20-page letter takes under one


class _PypdfNotes(logging.Handler):
    """pypdf's notes on odd but readable files are not the reader's business; one of them, that the
    layout reading left rotated text out, is ours: that page is read again the plain way."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.rotated = False

    def emit(self, record: logging.LogRecord) -> None:
        if "otated text" in record.getMessage():
            self.rotated = True


_NOTES = _PypdfNotes()
_PYPDF_LOG = logging.getLogger("pypdf")
_PYPDF_LOG.setLevel(logging.WARNING)
_PYPDF_LOG.propagate = False
_PYPDF_LOG.addHandler(_NOTES)


class ReadError(Exception):
    """A file that cannot be read, with what to do about it."""


@dataclass(frozen=True)
class Paragraph:
    file: str
    page: int | None  # page of a PDF, slide of a PowerPoint, message of a saved WhatDoTheyKnow page
    number: int  # paragraph within the page (or the file, for formats without pages)
    text: str
    unit: str = "page"

    @property
    def place(self) -> str:
        if self.page is not None:
            return f"{self.file}, {self.unit} {self.page}, paragraph {self.number}"
        where = f"{self.unit}, " if self.unit != "page" else ""  # a Word file's header or text box
        return f"{self.file}, {where}paragraph {self.number}"


@dataclass
class Reply:
    """One file, read: its title and paragraphs; an e-mail's attachments are Replies of their own."""

    name: str
    kind: str
    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    pages: int | None = None
    attachments: list[Reply] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # e.g. an e-mail's Date and Subject
    links: list[tuple[str, str]] = field(default_factory=list)  # (title, address) of attachments it links

    def every(self) -> list[Reply]:
        out = [self]
        for attachment in self.attachments:
            out += attachment.every()
        return out


def read_file(path: Path) -> Reply:
    """Read one file from disk (at most MAX_BYTES)."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ReadError(f"{path}: cannot be opened ({error.strerror or error}).") from None
    if not path.is_file():
        raise ReadError(f"{path}: is not a file.")
    if size > MAX_BYTES:
        raise ReadError(
            f"{path}: is {size / 1024 / 1024:.0f} MB, over the 50 MB limit; a reply letter is far smaller. "
            "Draft from the letter itself, without the large attachment."
        )
    with path.open("rb") as f:
        data = f.read(MAX_BYTES + 1)
    with _time_limit(path.name):
        return read_bytes(path.name, data)


class _TooSlow(BaseException):  # not an Exception: the readers' own handlers must let it through
    pass


@contextlib.contextmanager
def _time_limit(name: str) -> Iterator[None]:
    """At most READ_TIMEOUT seconds for one file (on the main thread, where a timer signal can stop it):
    a file built to make a reader loop ends in a message, not a hang."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, READ_TIMEOUT)
    try:
        yield
    except _TooSlow:
        raise ReadError(
            f"{name}: reading it took over {READ_TIMEOUT:g} s, far longer than any letter; it may be damaged "
            "or built to break readers. Open it and save a fresh copy, or print it to PDF."
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_bytes(name: str, data: bytes, depth: int = 0) -> Reply:
    if len(data) > MAX_BYTES:
        raise ReadError(f"{name}: is over the 50 MB limit.")
    kind = sniff(name, data)
    reader = READERS.get(kind) if kind else None
    if reader is None:
        raise ReadError(
            f"{name}: not a format the draft reads ({_described(name, data)}). It reads PDF, Word (.docx, "
            "and .doc with antiword or catdoc), PowerPoint (.pptx), e-mail (.eml), an HTML page saved "
            "from WhatDoTheyKnow and plain text."
        )
    try:
        reply = reader(name, data, depth)
    except ReadError:
        raise
    except RecursionError:
        raise ReadError(f"{name}: is nested too deeply to read; it may be damaged or built to break readers.") from None
    except Exception as error:  # a damaged file breaks each library in its own way
        raise ReadError(
            f"{name}: cannot be read as {LABELS.get(kind or '', 'this format')} "
            f"({type(error).__name__}: {str(error)[:200]}); "
            "the file may be damaged or cut short. Download it again, or open and re-save it."
        ) from None
    reply.paragraphs = [p for p in reply.paragraphs if p.text.strip()]
    if not reply.paragraphs and not reply.attachments:
        raise ReadError(f"{name}: holds no text.")
    return reply


LABELS = {
    "pdf": "a PDF",
    "docx": "a Word file",
    "doc": "a Word 97-2003 file",
    "pptx": "a PowerPoint file",
    "eml": "an e-mail",
    "html": "an HTML page",
    "text": "text",
}


def sniff(name: str, data: bytes) -> str | None:
    """The format, from the file's first bytes and then its name."""
    suffix = Path(name).suffix.lower()
    head = data[:2048]
    if head.startswith(b"%PDF") or (b"%PDF-" in head[:1024] and suffix == ".pdf"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if suffix in (".docx", ".docm", ".dotx"):
            return "docx"
        if suffix in (".pptx", ".pptm", ".ppsx"):
            return "pptx"
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, ValueError):
            return "docx" if suffix == ".docx" else None
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("ppt/") for n in names):
            return "pptx"
        return None
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc" if suffix in (".doc", ".dot", "") or suffix not in (".xls", ".ppt", ".msg") else None
    if suffix in (".pdf", ".docx", ".pptx", ".doc"):
        return suffix[1:]  # named so, but not so inside: its reader says it is damaged
    if b"\x00" in head:
        return None
    text = head.decode("utf-8", "replace").lstrip("\ufeff \r\n\t").lower()
    if suffix in (".eml", ".mht") or re.match(
        r"(?:(?:received|from|to|subject|date|message-id|mime-version|return-path|delivered-to)\s*:.*\n){2}", text
    ):
        return "eml"
    if suffix in (".html", ".htm", ".xhtml") or text.startswith(("<!doctype html", "<html")):
        return "html"
    return "text" if suffix in (".txt", ".text", ".md", "") else None


def _described(name: str, data: bytes) -> str:
    suffix = Path(name).suffix.lower()
    if data[:4] == b"PK\x03\x04":
        return f"a zip archive named {suffix or 'without an ending'}"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return f"an old Office file named {suffix}: save it as .docx or .pdf"
    if suffix == ".rtf" or data[:5] == b"{\\rtf":
        return "RTF: save it as .docx or .pdf"
    if suffix == ".odt":
        return "OpenDocument text: save it as .docx or .pdf"
    return f"ending {suffix}" if suffix else "no file ending and no known first bytes"


def _paragraphs(name: str, page: int | None, text: str, unit: str = "page", start: int = 1) -> list[Paragraph]:
    """Paragraphs are separated by blank lines; lines inside one are kept."""
    blocks = re.split(r"\n[ \t\u00a0]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[Paragraph] = []
    for block in blocks:
        # A wide gap (a label and its value, or two columns of a letterhead) is kept as one tab.
        lines = [
            re.sub(r"[ \u00a0]+", " ", re.sub(r"[ \u00a0]*(?:\t|[ \u00a0]{3,})[ \t\u00a0]*", "\t", line)).strip()
            for line in block.split("\n")
        ]
        # A list item or a numbered question starts a paragraph of its own, blank line or not.
        items: list[list[str]] = [[]]
        for line in lines:
            if line and _ITEM.match(line) and items[-1]:
                items.append([])
            if line:
                items[-1].append(line)
        for item in items:
            if item:
                out.append(Paragraph(name, page, start + len(out), "\n".join(item), unit))
    return out


_ITEM = re.compile(r"^(?:[-•·●▪■\uf0b7*]\s|\(?\d{1,2}[).]\s|[a-h][.)]\s|(?:Q|Question)\s*\d{1,2}\b)")


# PDF ------------------------------------------------------------------------------------------

_GLYPH_CODES = re.compile(r"/\d{1,4}")


def _readable(text: str) -> bool:
    """A text layer that holds letters, not glyph codes (`/2/3/4`) or boxes."""
    stripped = re.sub(r"\s", "", text)
    if len(stripped) < 3:
        return False
    codes = sum(len(m) for m in _GLYPH_CODES.findall(stripped))
    letters = sum(c.isalpha() for c in _GLYPH_CODES.sub("", stripped))
    return codes < len(stripped) * 0.5 and letters >= 0.3 * len(stripped)


def _columns(text: str) -> str:
    """Layout text puts two columns side by side on each line (a two-column page, or a table's
    question and answer cells): read each block's left column, then its right one. A label beside
    its value ("Date:      3 March 2023") is left whole: a column is split off only where both
    sides hold a line of prose (25 characters or more)."""
    out = []
    for block in re.split(r"(\n[ \t\u00a0]*\n)", text):
        lines = block.split("\n")
        if len(lines) < 2 or block.strip() == "" or max(map(len, lines)) < 50:
            out.append(block)
            continue
        width = max(map(len, lines))
        gutter = next(
            (
                c
                for c in range(20, width - 10)
                if all(line[c - 1 : c + 2].strip() == "" for line in lines)
                and any(line[:c].strip() for line in lines)
                and any(line[c + 2 :].strip() for line in lines)
            ),
            None,
        )
        if gutter is None:
            out.append(block)
            continue
        left = [line[:gutter].rstrip() for line in lines]
        right = [line[gutter:].strip() for line in lines]
        if max(len(x.strip()) for x in left) < 25 or max(map(len, right)) < 25:
            out.append(block)
            continue
        out.append("\n".join(x for x in left if x.strip()) + "\n\n" + "\n".join(x for x in right if x))
    return "".join(out)


def read_pdf(name: str, data: bytes, depth: int = 0) -> Reply:
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ReadError(
            f"{name}: is not a readable PDF ({str(error)[:160]}); it may be damaged or cut short."
        ) from None
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except DependencyError:
            raise ReadError(f"{name}: is encrypted with AES; install the `cryptography` package to read it.") from None
        if not opened:
            raise ReadError(
                f"{name}: is password-protected. Ask the council for a copy without a password, or, if you "
                "have the password, remove it first (e.g. `qpdf --decrypt --password=… in.pdf out.pdf`)."
            )
    paragraphs: list[Paragraph] = []
    garbled = 0
    try:
        pages = list(reader.pages)
    except FileNotDecryptedError:
        raise ReadError(f"{name}: is password-protected.") from None
    for number, page in enumerate(pages, start=1):
        # Layout mode keeps the blank line between paragraphs and a label beside its value
        # ("Reference Number:   FOI…"); it leaves rotated text out, so such a page is read plainly.
        _NOTES.rotated = False
        try:
            text = page.extract_text(extraction_mode="layout") or ""
        except Exception:  # noqa: BLE001 - a page the layout reading trips on is read the plain way
            _NOTES.rotated = True
        if _NOTES.rotated or not _readable(text):
            text = page.extract_text() or ""
        if not _readable(text):
            garbled += bool(text.strip())
            continue
        paragraphs += _paragraphs(name, number, _columns(text))
    if not paragraphs:
        if garbled:
            raise ReadError(
                f"{name}: its text layer holds glyph codes, not letters, on every page: the file needs OCR "
                "first (e.g. `ocrmypdf --force-ocr in.pdf out.pdf`), or ask the council for the original."
            )
        raise ReadError(
            f"{name}: no text found on any page: the file needs OCR first (e.g. `ocrmypdf in.pdf out.pdf`); "
            "it is probably a scan."
        )
    return Reply(name, "pdf", _title(name), paragraphs, pages=len(pages))


# Office zip formats ---------------------------------------------------------------------------


def check_zip(name: str, data: bytes) -> None:
    """Refuse a zip that would unpack to far more than it holds, before anything unpacks it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ReadError(f"{name}: is damaged or cut short (not a complete zip file: {error}).") from None
    if len(members) > MAX_MEMBERS:
        raise ReadError(f"{name}: holds {len(members)} parts, far more than any document; not read.")
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise ReadError(
                f"{name}: its part {member.filename!r} would unpack from {member.compress_size} bytes to "
                f"{member.file_size}: a zip bomb, not a document; not read."
            )
    if total > MAX_UNZIPPED:
        raise ReadError(f"{name}: would unpack to {total / 1024 / 1024:.0f} MB, over the 200 MB limit; not read.")


def _iter_block_items(parent: Any) -> Any:
    """A Word document's paragraphs and tables in reading order (tables cell by cell), including
    those inside content controls (a template's date picker or reference field)."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph as WordParagraph

    element = getattr(parent, "_element", None)
    if element is None:
        element = parent.element
    if element.tag == qn("w:document"):
        element = element.find(qn("w:body"))

    def walk(container: Any) -> Any:
        for child in container:
            if child.tag == qn("w:p"):
                yield WordParagraph(child, parent)
            elif child.tag == qn("w:tbl"):
                for row in Table(child, parent).rows:
                    seen: set[int] = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # a merged cell appears once per column it spans
                            continue
                        seen.add(id(cell._tc))
                        yield from _iter_block_items(cell)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from walk(content)

    yield from walk(element)


def _word_text(paragraph: Any) -> str:
    """A paragraph's text as Word shows it, with the text of its content controls (which
    python-docx's `.text` leaves out) and without its text boxes (read on their own)."""
    from docx.oxml.ns import qn

    skip = {qn("w:txbxContent"), qn("w:pPr"), qn("w:rPr"), qn("w:del"), qn("w:sdtPr")}
    out: list[str] = []

    def walk(element: Any) -> None:
        for child in element:
            tag = child.tag
            if tag in skip or not isinstance(tag, str):
                continue
            if tag == qn("w:t"):
                out.append(child.text or "")
            elif tag == qn("w:tab"):
                out.append("\t")
            elif tag in (qn("w:br"), qn("w:cr")):
                out.append("\n")
            else:
                walk(child)

    walk(paragraph._p)
    return "".join(out)


def read_docx(name: str, data: bytes, depth: int = 0) -> Reply:
    import docx

    check_zip(name, data)
    document = docx.Document(io.BytesIO(data))
    paragraphs: list[Paragraph] = []
    seen: set[str] = set()

    def add(text: str, unit: str) -> None:
        text = re.sub(r"[ \t\u00a0]+", " ", text).strip()
        if text and (unit == "page" or text not in seen):
            seen.add(text)
            count = sum(1 for p in paragraphs if p.unit == unit)
            paragraphs.append(Paragraph(name, None, count + 1, text, unit))

    # A letter template puts "Our ref" and the date in the header (often the first page's own) or in
    # text boxes, which are not among the body's paragraphs: read them first, each once.
    headers = []
    if document.sections:
        section = document.sections[0]
        headers = [section.header] + (
            [] if section.first_page_header.is_linked_to_previous else [section.first_page_header]
        )
    for header in headers:
        for item in _iter_block_items(header):
            for line in _word_text(item).split("\n"):
                add(line, "header")
        for text in _text_boxes(header._element):
            add(text, "header")
    for text in _text_boxes(document.element.body):
        add(text, "text box")
    numbers = _Numbering(document)
    for item in _iter_block_items(document):
        text = _word_text(item)
        add(numbers.label(item, text) + text, "page")
    # A footer often repeats the reference ("FOI Ref: … Page 1"): read after the body, each line once.
    if document.sections:
        for item in _iter_block_items(document.sections[0].footer):
            for line in _word_text(item).split("\n"):
                add(line, "footer")
    return Reply(name, "docx", _title(name), paragraphs)


class _Numbering:
    """The numbers Word draws before a numbered paragraph ("1.", "a)", "•"), which are not in its
    text: a question asked as item 2 of a numbered list is found by its number."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self.qn = qn
        self.formats: dict[tuple[str, str], str] = {}
        self.counts: dict[tuple[str, str], int] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for item in root.findall(qn("w:abstractNum")):
            levels = {}
            for level in item.findall(qn("w:lvl")):
                fmt = level.find(qn("w:numFmt"))
                levels[level.get(qn("w:ilvl"))] = fmt.get(qn("w:val")) if fmt is not None else "decimal"
            abstract[item.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                for level, fmt in abstract.get(ref.get(qn("w:val")), {}).items():
                    self.formats[(num.get(qn("w:numId")), level)] = fmt

    def _num_pr(self, paragraph: Any) -> Any:
        qn = self.qn
        ppr = paragraph._p.find(qn("w:pPr")) if hasattr(paragraph, "_p") else None
        found = ppr.find(qn("w:numPr")) if ppr is not None else None
        style = getattr(paragraph, "style", None)
        while found is None and style is not None:
            sppr = style.element.find(qn("w:pPr"))
            found = sppr.find(qn("w:numPr")) if sppr is not None else None
            style = style.base_style
        return found

    def label(self, paragraph: Any, text: str) -> str:
        if not self.formats or not text.strip():
            return ""
        qn = self.qn
        num_pr = self._num_pr(paragraph)
        if num_pr is None:
            return ""
        num_id = num_pr.find(qn("w:numId"))
        level = num_pr.find(qn("w:ilvl"))
        key = (
            num_id.get(qn("w:val")) if num_id is not None else "",
            level.get(qn("w:val")) if level is not None else "0",
        )
        fmt = self.formats.get(key)
        if fmt is None or key[0] == "0":
            return ""
        if fmt == "bullet":
            return "• "
        self.counts[key] = count = self.counts.get(key, 0) + 1
        for deeper in [k for k in self.counts if k[0] == key[0] and int(k[1] or 0) > int(key[1] or 0)]:
            del self.counts[deeper]  # a new item restarts the levels below it
        if fmt in ("lowerLetter", "upperLetter") and count <= 26:
            letter = chr(ord("a") + count - 1)
            return f"{letter.upper() if fmt == 'upperLetter' else letter}) "
        if fmt in ("decimal", "decimalZero"):
            return f"{count}. "
        return ""


def _text_boxes(element: Any) -> list[str]:
    """The paragraphs of every text box under `element` (Word keeps a fallback copy of each: once)."""
    from docx.oxml.ns import qn

    out: list[str] = []
    for box in element.iter(qn("w:txbxContent")):
        for paragraph in box.iter(qn("w:p")):
            text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
            if text.strip() and text not in out:
                out.append(text)
    return out


def read_pptx(name: str, data: bytes, depth: int = 0) -> Reply:
    import pptx

    check_zip(name, data)
    deck = pptx.Presentation(io.BytesIO(data))
    paragraphs: list[Paragraph] = []
    slides = 0
    for number, slide in enumerate(deck.slides, start=1):
        slides = number
        count = 0
        for shape in slide.shapes:
            frames = []
            if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
                frames.append(shape.text_frame)
            if getattr(shape, "has_table", False) and shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            for frame in frames:
                for paragraph in frame.paragraphs:
                    text = "".join(run.text for run in paragraph.runs).strip()
                    if text:
                        count += 1
                        paragraphs.append(Paragraph(name, number, count, text, "slide"))
    return Reply(name, "pptx", _title(name), paragraphs, pages=slides)


# Word 97-2003 -----------------------------------------------------------------------------------


def read_doc(name: str, data: bytes, depth: int = 0) -> Reply:
    tool = next((t for t in ("antiword", "catdoc") if shutil.which(t)), None)
    if tool is None:
        raise ReadError(
            f"{name}: is a Word 97-2003 (.doc) file, which needs antiword or catdoc to read "
            "(Debian: `apt-get install antiword`). Or save it as .docx or PDF first, e.g. "
            "`soffice --headless --convert-to docx FILE.doc`."
        )
    args = [tool, "-w", "0", "-"] if tool == "antiword" else [tool, "-w", "-"]
    try:
        done = subprocess.run(args, input=data, capture_output=True, timeout=DOC_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise ReadError(f"{name}: {tool} took over {DOC_TIMEOUT} s; the file may be damaged.") from None
    text = done.stdout.decode("utf-8", "replace")
    if done.returncode != 0 or not text.strip():
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReadError(f"{name}: {tool} could not read it ({why[0] if why else 'no text'}); it may be damaged.")
    paragraphs = _paragraphs(name, None, text.replace("\n", "\n\n"))
    return Reply(name, "doc", _title(name), paragraphs)


# E-mail ----------------------------------------------------------------------------------------


def read_eml(name: str, data: bytes, depth: int = 0) -> Reply:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    meta = {key: str(message[key]) for key in ("Subject", "From", "To", "Date") if message[key]}
    body = message.get_body(preferencelist=("plain", "html"))
    paragraphs: list[Paragraph] = []
    if body is not None:
        content = body.get_content()
        if body.get_content_subtype() == "html":
            content = "\n\n".join(html_paragraphs(content)[0])
        paragraphs = _paragraphs(name, None, content)
    reply = Reply(name, "eml", meta.get("Subject") or name, paragraphs, meta=meta)
    for number, part in enumerate(message.iter_attachments(), start=1):
        filename = part.get_filename() or f"attachment {number}"
        if depth >= MAX_ATTACHMENT_DEPTH:
            raise ReadError(f"{name}: attachments are nested more than {MAX_ATTACHMENT_DEPTH} deep; not read.")
        payload = part.get_payload(decode=True)
        if payload is None and part.get_content_type() == "message/rfc822":
            payload = part.get_content().as_bytes()
        if not isinstance(payload, bytes | bytearray):
            continue
        try:
            reply.attachments.append(read_bytes(filename, bytes(payload), depth + 1))
        except ReadError as error:
            raise ReadError(f"{name}: attachment {filename!r}: {error}") from None
    return reply


# HTML (a page saved from WhatDoTheyKnow, or any page) -----------------------------------------

_BLOCK_TAGS = {
    "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "br", "blockquote", "pre",
    "section", "article", "dd", "dt", "table", "ul", "ol",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "nav", "footer", "svg", "form", "button"}


class _TextParser(HTMLParser):
    """Paragraphs of an HTML page; within a WhatDoTheyKnow page, each authority message apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []  # (tag, message id it opens)
        self.skip = 0
        self.current: list[str] = []
        self.out: list[tuple[str | None, str]] = []  # (message id or None, paragraph)
        self.message: str | None = None
        self.title = ""
        self.in_title = False
        self.links: list[tuple[str, str]] = []  # (text, href) of each attachment link
        self.link: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in _SKIP_TAGS:
            self.skip += 1
        if tag in ("br", "img", "hr", "meta", "link", "input"):
            if tag == "br":
                self.flush()
            return
        if tag == "a" and "/attach/" in (dict(attrs).get("href") or ""):
            self.link = (dict(attrs).get("href") or "", [])
        ident = dict(attrs).get("id") or ""
        opens = ident if re.fullmatch(r"incoming-\d+", ident) and self.message is None else None
        if tag in _BLOCK_TAGS:
            self.flush()
        if opens:
            self.message = opens
        self.stack.append((tag, opens))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag == "a" and self.link is not None:
            self.links.append((re.sub(r"\s+", " ", "".join(self.link[1])).strip(), self.link[0]))
            self.link = None
        if tag in _SKIP_TAGS and self.skip:
            self.skip -= 1
        if tag in _BLOCK_TAGS:
            self.flush()
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for _, opened in self.stack[i:]:
                    if opened:
                        self.flush()
                        self.message = None
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        if self.link is not None:
            self.link[1].append(data)
        if not self.skip:
            self.current.append(data)

    def flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        self.current = []
        if text:
            self.out.append((self.message, text))


def html_paragraphs(text: str) -> tuple[list[str], list[tuple[str | None, str]], str]:
    parser = _parsed(text)
    return [t for _, t in parser.out], parser.out, parser.title.strip()


def _parsed(text: str) -> _TextParser:
    parser = _TextParser()
    parser.feed(text)
    parser.close()
    parser.flush()
    return parser


WDTK = "https://www.whatdotheyknow.com"


def attachment_link(text: str, href: str) -> tuple[str, str] | None:
    """(title, https address) of a WhatDoTheyKnow attachment link, or None for any other."""
    parts = urllib.parse.urlsplit(href)
    if (
        parts.scheme in ("http", "https")
        and parts.netloc.lower() in ("www.whatdotheyknow.com", "whatdotheyknow.com")
        or not parts.scheme
        and not parts.netloc
        and parts.path.startswith("/request/")
    ):
        path = parts.path
    else:
        return None
    if not re.fullmatch(r"/request/[\w\-/.%~+]*/attach/[\w\-/.%~+]*", path):
        return None
    file_name = urllib.parse.unquote(path.rsplit("/", 1)[-1])
    title = text if text and not text.lower().startswith(("download", "view as html")) else file_name
    return re.sub(r"[<>\"]", "", title)[:200] or file_name, WDTK + path


def read_html(name: str, data: bytes, depth: int = 0) -> Reply:
    text = data.decode("utf-8", "replace")
    parser = _parsed(text)
    tagged, title = parser.out, parser.title.strip()
    links = list(dict.fromkeys(link for t, h in parser.links if (link := attachment_link(t, h))))
    messages = [m for m in dict.fromkeys(m for m, _ in tagged) if m]
    paragraphs: list[Paragraph] = []
    if messages:  # a WhatDoTheyKnow request page: the authority's messages only
        for number, message in enumerate(messages, start=1):
            texts = [t for m, t in tagged if m == message]
            paragraphs += [Paragraph(name, number, i, t, "message") for i, t in enumerate(texts, start=1)]
    else:
        paragraphs = [Paragraph(name, None, i, t) for i, t in enumerate((t for _, t in tagged), start=1)]
    title = re.sub(r"\s*-\s*a Freedom of Information request.*$", "", title)
    return Reply(name, "html", title or name, paragraphs, pages=len(messages) or None, links=links)


# Text ------------------------------------------------------------------------------------------


def read_text(name: str, data: bytes, depth: int = 0) -> Reply:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", "replace")
    text = re.sub(r"\*\*|__", "", text)  # Markdown emphasis, as in a transcription
    paragraphs = _paragraphs(name, None, text)
    return Reply(name, "text", _title(name), paragraphs)


def _title(name: str) -> str:
    """The file's name without its ending: embedded titles are mostly a template's ("Word Document")."""
    return Path(name).stem[:200] or name


READERS = {
    "pdf": read_pdf,
    "docx": read_docx,
    "pptx": read_pptx,
    "doc": read_doc,
    "eml": read_eml,
    "html": read_html,
    "text": read_text,
}
