"""Benchmark `python -m site_builder draft` on synthetic replies (clearly fake letters, made here).

Usage: `python -m bench.draft [--pages 20] [--repeat 5] [--councils 20]`.

Prints, for a PDF of `--pages` pages: the time to read it (pypdf), to find everything in it, the
whole draft in this process, and the command as a contributor runs it (a fresh Python, imports
included); then `--batch` over `--councils` folders of a 2-page reply each. Target: the command
under 2 s for a 20-page PDF. Needs fpdf2 (a test dependency) to make the PDFs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fpdf import FPDF

from site_builder.draft import find, make, read

REPO = Path(__file__).resolve().parents[1]
BATCH = "gillies-2021"
COUNCIL = "westminster"  # any slug the register knows: only its name is used
QUESTIONS = [
    "Has the council used any data analytics, predictive analytics and or artificial intelligence systems?",
    "Is the council using any data analytics, predictive analytics and or artificial intelligence systems?",
    "Is the council intending to use data analytics, predictive analytics, and or artificial intelligence?",
    "Details of any briefing notes, reports, or summaries relating to the use of data analytics.",
    "Any meeting minutes, reports, or presentation materials on the efficacy or impact.",
    "Details of any third-party consultants or suppliers of data analytics systems.",
]
FILLER = (
    "SYNTHETIC BENCHMARK TEXT, NOT A REAL REPLY. The council uses data analytics for performance "
    "reporting and has not used predictive analytics. Exemption under section 40(2) applies to names. "
)


def synthetic_pdf(pages: int) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 5, "Our ref: BENCH-0001\nDate: 1 March 2021\n\nDear Requester", new_x="LMARGIN", new_y="NEXT")
    n = 0
    while pdf.page_no() < pages or n < len(QUESTIONS):
        pdf.ln(4)
        if n < len(QUESTIONS) and pdf.page_no() >= n * pages / len(QUESTIONS):
            pdf.multi_cell(0, 5, f"{n + 1}) {QUESTIONS[n]}", new_x="LMARGIN", new_y="NEXT")
            n += 1
        pdf.multi_cell(0, 5, FILLER * 3, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def timed(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.draft", description=__doc__)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--councils", type=int, default=20)
    args = parser.parse_args(argv)
    content = REPO / "content"
    register = make.Register.read(content)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdf = folder / "reply.pdf"
        pdf.write_bytes(synthetic_pdf(args.pages))
        reply = read.read_file(pdf)
        batch = register.batch(BATCH)
        rows = [
            ("read the PDF (pypdf)", timed(lambda: read.read_file(pdf), args.repeat)),
            ("find in it", timed(lambda: find.answers(reply.paragraphs, batch["questions"]), args.repeat)),
            (
                "draft in process",
                timed(lambda: make.draft_text(make.findings(register, COUNCIL, BATCH, [pdf])), args.repeat),
            ),
        ]
        command = [sys.executable, "-m", "site_builder", "draft", COUNCIL, BATCH, str(pdf), "--out", "-"]
        rows.append(("the command (fresh Python)", timed(lambda: _run(command), args.repeat)))
        replies = folder / "replies"
        slugs = sorted(register.councils)[: args.councils]
        small = synthetic_pdf(2)
        for slug in slugs:
            (replies / slug).mkdir(parents=True)
            (replies / slug / "reply.pdf").write_bytes(small)
        out = folder / "drafts"
        batch_command = [
            sys.executable,
            "-m",
            "site_builder",
            "draft",
            BATCH,
            "--batch",
            str(replies),
            "--out",
            str(out),
            "--force",
        ]
        batch_time = timed(lambda: _run(batch_command), 1)
    print(
        f"draft benchmark: a synthetic {reply.pages}-page PDF ({len(reply.paragraphs)} paragraphs), "
        f"median of {args.repeat}"
    )
    for label, seconds in rows:
        print(f"  {label:<30} {seconds:6.3f} s")
    verdict = "meets" if rows[-1][1] < 2.0 else "MISSES"
    print(f"  target: the command under 2 s for a 20-page PDF: {verdict}")
    print(
        f"  --batch over {len(slugs)} councils (2 pages each): {batch_time:.2f} s, "
        f"{batch_time / len(slugs):.3f} s a council"
    )
    return 0


def _run(command: list[str]) -> None:
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)


if __name__ == "__main__":
    sys.exit(main())
