"""Hostile and broken input, beyond markup (test_safety.py): spreadsheet formulas, clashing
addresses, files nobody reads, unprintable text, forged history and forged workflow commands.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest
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


# --- Generated addresses never collide ----------------------------------------------------------

SECOND_COUNCIL = """\
  - slug: exampleton
    name: Exampleton Borough Council
    nation: wales
    region: null
    type: welsh_principal_area
"""


def messages(tree: Tree) -> list[str]:
    return [str(p) for p in tree.problems()]


def test_council_slug_index_is_refused(tree):
    tree.edit("councils.yaml", "slug: exampleton", "slug: index")
    assert any(
        "councils.yaml:" in m and "slug 'index' is the address of the list of councils" in m for m in messages(tree)
    )


def test_former_slug_claimed_by_two_councils_names_both(tree):
    tree.edit("councils.yaml", "    gss_code: null\n", "    gss_code: null\n    former_slugs: [old-shire]\n")
    tree.edit(
        "councils.yaml",
        "    type: welsh_principal_area\n",
        "    type: welsh_principal_area\n    former_slugs: [old-shire]\n",
    )
    found = [p for p in tree.problems() if "claimed by both" in p.message]
    assert len(found) == 1
    assert "'testshire'" in found[0].message and "'exampleton'" in found[0].message
    assert found[0].field == "councils[1].former_slugs[0]"


def test_two_councils_with_one_gss_code_names_both(tree):
    tree.edit("councils.yaml", "    gss_code: null\n", "    gss_code: E10000001\n")
    tree.edit(
        "councils.yaml", "    type: welsh_principal_area\n", "    type: welsh_principal_area\n    gss_code: E10000001\n"
    )
    found = [p for p in tree.problems() if "GSS code E10000001" in p.message]
    assert len(found) == 1 and "'testshire'" in found[0].message and "'exampleton'" in found[0].message


@pytest.mark.parametrize("batch_id", ["cite", "history", "far-contents", "cite-plain"])
def test_batch_id_that_is_a_part_of_every_council_page_is_refused(tree, batch_id):
    text = tree.path("batches/test-batch.yaml").read_text(encoding="utf-8").replace("id: test-batch", f"id: {batch_id}")
    tree.write(f"batches/{batch_id}.yaml", text)
    found = [p for p in tree.problems() if "two parts with one address" in p.message]
    assert [(p.path, p.field) for p in found] == [(f"content/batches/{batch_id}.yaml", "id")]


def test_batch_id_that_is_a_part_of_another_batch_is_refused_naming_it(tree):
    text = (
        tree.path("batches/test-batch.yaml").read_text(encoding="utf-8").replace("id: test-batch", "id: test-batch-q1")
    )
    tree.write("batches/test-batch-q1.yaml", text)
    found = [p for p in tree.problems() if "is the address of a part of batch" in p.message]
    assert len(found) == 1 and "content/batches/test-batch.yaml" in found[0].message


def test_council_page_ids_the_validator_guards_are_the_templates(tree):
    """The page's own ids, as the template writes them, are the ones batch ids are kept from."""
    import re

    from site_builder.validate import PAGE_IDS

    template = (Path(__file__).resolve().parents[1] / "site_builder/templates/council.html").read_text("utf-8")
    assert set(re.findall(r'\bid="([a-z][a-z-]*)"', template)) == PAGE_IDS


def with_systems(names: list[str]) -> str:
    systems = "".join(f"  - name: {json.dumps(n, ensure_ascii=False)}\n    status: in_use\n" for n in names)
    return RESPONSE + "systems:\n" + systems


@pytest.mark.parametrize(
    "names",
    [["Index"], ["Система", "Σύστημα", "日本語"], ["Ørsted", "Œrsted"], ["Straße", "Strae"]],
    ids=["index", "other-scripts", "letters-without-ascii", "eszett"],
)
def test_names_that_would_merge_or_take_a_list_get_pages_of_their_own(tree, names):
    from site_builder.dataset import slugify

    tree.write(RESPONSE_PATH, with_systems(names))
    content, problems = tree.load()
    assert problems == []
    mentions = build_dataset(content).mentions()
    assert sorted(m[0].name for m in mentions.values()) == sorted(names)
    assert "index" not in mentions
    assert all(slugify(n) in mentions for n in names)


def test_spellings_of_one_name_share_a_page(tree):
    tree.write(RESPONSE_PATH, with_systems(["Power BI", "power-bi", "POWER BI"]))
    content, problems = tree.load()
    assert problems == []
    assert list(build_dataset(content).mentions()) == ["power-bi"]


def test_long_names_equal_in_their_first_60_characters_are_refused_naming_both(tree):
    stem = "A predictive analytics platform for early help and safeguarding teams"
    tree.write(RESPONSE_PATH, with_systems([stem + " (version one)", stem + " (version two)"]))
    found = [p for p in tree.problems() if "would share one page" in p.message]
    assert len(found) == 1
    assert found[0].field == "systems[1].name" and "version one" in found[0].message


# --- Nothing under content/ is silently ignored -------------------------------------------------

UNREAD = [
    ("response/testshire/test-batch.yaml", "did you mean `content/responses"),
    ("Responses/testshire/test-batch.yaml", "did you mean `content/responses"),
    ("responses/testshire/test-batch.YML", "rename it to `test-batch.yaml`"),
    ("responses/testshire/other.yml", "rename it to `other.yaml`"),
    ("batches/second.yml", "rename it to `second.yaml`"),
    ("batches/2021/second.yaml", "batch records live at `content/batches/*.yaml`; move it"),
    ("responses/stray.yaml", "response records live at `content/responses/*/*.yaml`; move it"),
    ("responses/testshire/x/deep.yaml", "response records live at"),
    ("councils.yml", "rename it to `councils.yaml`"),
    ("notes.txt", "the site reads only"),
    (".hidden.yaml", "the site reads only"),
]


@pytest.mark.parametrize(("name", "hint"), UNREAD, ids=[u[0] for u in UNREAD])
def test_every_unread_file_under_content_is_reported_with_a_hint(tree, name, hint):
    tree.write(name, RESPONSE)
    found = [p for p in tree.problems() if p.path == f"content/{name}"]
    assert len(found) == 1 and "is not read" in found[0].message and hint in found[0].message, found


def test_validate_fails_naming_an_unread_file(tree):
    from test_cli import validate

    tree.write("batches/second.yml", "id: second\n")
    result = validate(tree.project)
    assert result.returncode == 1
    assert result.stdout.startswith("content/batches/second.yml:1: (file): is not read")


def test_validate_of_a_path_it_never_read_says_so(tree):
    from test_cli import validate

    (tree.project / "elsewhere").mkdir()
    (tree.project / "elsewhere" / "record.yaml").write_text(RESPONSE, encoding="utf-8")
    (tree.content / "responses" / "empty").mkdir()
    for path, phrase in [
        ("elsewhere/record.yaml", "is not under content"),
        ("content/responses/empty", "holds no record files"),
    ]:
        result = validate(tree.project, path)
        assert result.returncode == 1, result
        assert result.stdout.startswith(f"{path}:1: (file): {phrase}"), result.stdout
    assert validate(tree.project, RESPONSE_PATH.join(["content/", ""])).returncode == 0


def test_symlinks_under_content_are_refused(tree):
    (tree.project / "outside.yaml").write_text(RESPONSE, encoding="utf-8")
    (tree.content / "responses" / "exampleton").mkdir()
    (tree.content / "responses" / "exampleton" / "test-batch.yaml").symlink_to(tree.project / "outside.yaml")
    (tree.content / "batches" / "linked").symlink_to(tree.project, target_is_directory=True)
    found = {p.path: p.message for p in tree.problems() if "symbolic link" in p.message}
    assert set(found) == {"content/responses/exampleton/test-batch.yaml", "content/batches/linked"}


def test_symlink_under_docs_stops_the_build(project, tmp_path, caplog):
    from factories import build_site
    from mkdocs.exceptions import Abort

    (project.project / ".git-config").write_text("[remote]\n", encoding="utf-8")
    (project.project / "docs" / "config.md").symlink_to(project.project / ".git-config")
    with pytest.raises(Abort):
        build_site(project.project / "mkdocs.yml", tmp_path / "site")
    assert "docs/config.md:1: (file): is a symbolic link" in caplog.text
    assert not (tmp_path / "site" / "config" / "index.html").exists()
