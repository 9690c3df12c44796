"""Hostile and broken input, beyond markup (test_safety.py): spreadsheet formulas, clashing
addresses, files nobody reads, unprintable text, forged history and forged workflow commands.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

from factories import RESPONSE, RESPONSE_PATH, Tree

from site_builder import downloads
from site_builder.dataset import build_dataset

# --- CSV cells never start a formula ------------------------------------------------------------

FORMULAS = ["=HYPERLINK('https://evil.example','x')", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "＝1+1"]


def write_all(tree: Tree, tmp_path: Path) -> Path:
    content, problems = tree.load()
    assert problems == [], "\n".join(map(str, problems))
    site = tmp_path / "site"
    downloads.write_downloads(build_dataset(content), site, "https://register.example/", "0.0.0")
    return site


def cells(site: Path) -> list[tuple[str, str, str]]:
    """Every cell of every CSV the site writes: (file, column, value)."""
    found = []
    for path in sorted(site.rglob("*.csv")):
        reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
        found += [(path.name, column, value) for row in reader for column, value in row.items()]
    return found


def unsafe(value: str) -> bool:
    return value.startswith(downloads.FORMULA_STARTS)


def test_every_column_of_every_csv_is_neutralised_by_the_writer():
    """Whatever a column holds, now or in a column added later, the writer neutralises it."""
    for filename, _, _, columns in downloads.DOWNLOADS:
        for formula in FORMULAS:
            hostile = tuple(dataclasses.replace(c, get=lambda row, f=formula: f) for c in columns)
            out = downloads._csv(hostile, [object()])
            row = next(csv.DictReader(io.StringIO(out, newline="")))
            expected = "'" + formula.replace("\r", "\n")  # a bare carriage return is a line end
            assert all(value == expected for value in row.values()), (filename, formula, row)


def test_formula_text_in_every_text_field_reaches_no_csv_cell_and_json_keeps_it(tmp_path, tree):
    text = RESPONSE
    for old, field_name in [
        ("  title: Analytics in children's services (test request)", "  title"),
        ('council_reference: "TEST-0001"', "council_reference"),
        ("    summary: Dashboards for performance reporting; no predictive analytics or AI.", "    summary"),
        ("    summary: No briefing notes are held.", "    summary"),
    ]:
        text = text.replace(old, f"{field_name}: {json.dumps(FORMULAS[0] + ' ' + field_name.strip())}")
    tree.write(RESPONSE_PATH, text)
    tree.edit("councils.yaml", "name: Testshire County Council", "name: \"=cmd|' /C calc'!A0\"")
    tree.edit("councils.yaml", "name: Exampleton Borough Council", 'name: "@Exampleton"')
    tree.edit("batches/test-batch.yaml", "short: Used in the past", 'short: "-1+1 used"')
    tree.edit("batches/test-batch.yaml", "short: Briefings", 'short: "+Briefings"')
    site = write_all(tree, tmp_path)
    found = cells(site)
    assert [c for c in found if unsafe(c[2])] == []
    neutralised = {(name, column) for name, column, value in found if value.startswith("'")}
    assert neutralised >= {
        ("responses.csv", "council_name"),
        ("responses.csv", "question_short"),
        ("responses.csv", "council_reference"),
        ("responses.csv", "summary"),
        ("councils.csv", "council_name"),
    }
    data = json.loads((site / "data" / "responses.json").read_text(encoding="utf-8"))
    assert data["councils"][0]["name"] == "@Exampleton" or data["councils"][1]["name"] == "@Exampleton"
    assert data["responses"][0]["council_reference"].startswith("=HYPERLINK(")


def test_data_dictionary_says_how_formula_cells_are_written():
    assert "'" in downloads.CSV_NOTE and "JSON" in downloads.CSV_NOTE
