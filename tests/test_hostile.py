"""Hostile and broken input, beyond markup (test_safety.py): spreadsheet formulas, clashing
addresses, files nobody reads, unprintable text, forged history and forged workflow commands.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from contextlib import contextmanager
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


# --- Text the site prints is clean text ---------------------------------------------------------

UNCLEAN = {
    "bell": "\\a",
    "nul": "\\0",
    "escape-sequence": "\\e[31m",
    "carriage-return": "\\r",
    "del": "\\x7f",
    "c1-next-line": "\\N",
    "rtl-override": "\\u202e",
    "isolate": "\\u2067",
    "lone-surrogate": "\\ud800",
}


@pytest.mark.parametrize("escape", UNCLEAN.values(), ids=UNCLEAN.keys())
@pytest.mark.parametrize(
    ("old", "field"),
    [
        ("  title: Analytics in children's services (test request)", "request.title"),
        ("    summary: No briefing notes are held.", "answers.q4.summary"),
        ('council_reference: "TEST-0001"', "council_reference"),
    ],
    ids=["title", "summary", "reference"],
)
def test_unclean_characters_are_refused_naming_field_and_line(tree, escape, old, field):
    key, _, value = old.partition(": ")
    tree.edit(RESPONSE_PATH, old, f'{key}: "{value.strip(chr(34))} {escape}x"')
    line = tree.line_of(RESPONSE_PATH, key + ': "')
    problems = tree.problems()
    if escape == "\\ud800":  # the YAML reader itself refuses a lone surrogate
        assert [(p.line, "invalid Unicode character" in p.message) for p in problems] == [(line, True)]
        return
    found = [p for p in problems if "remove it: record text" in p.message]
    assert [(p.field, p.line) for p in found] == [(field, line)]
    assert "U+" in found[0].message
    str(found[0]).encode("utf-8")  # the message itself can be printed


def test_unclean_character_in_a_key_is_refused(tree):
    tree.edit(RESPONSE_PATH, "status: successful", '"sta\\u202etus": successful')
    assert any("a field name contains U+202E" in p.message for p in tree.problems())


@pytest.mark.parametrize("blank", [" ", "\\t", "\\u200b", "\\u200b\\u200d\\u2060", "\\ufeff ", "\\u3000"])
@pytest.mark.parametrize(
    ("old", "field"),
    [
        ("name: Testshire County Council", "councils[0].name"),
        ("short: Used in the past", "questions[0].short"),
    ],
    ids=["council-name", "question-short"],
)
def test_blank_and_invisible_names_are_refused(tree, blank, old, field):
    name = "councils.yaml" if "County" in old else "batches/test-batch.yaml"
    key = old.split(": ")[0]
    tree.edit(name, old, f'{key}: "{blank}"')
    found = [p for p in tree.problems() if "is blank" in p.message]
    assert [(p.path, p.field) for p in found] == [(f"content/{name}", field)]


def test_empty_supplier_is_refused(tree):
    tree.write(RESPONSE_PATH, RESPONSE + 'systems:\n  - name: Tool\n    supplier: ""\n    status: in_use\n')
    assert [p.field for p in tree.problems()] == ["systems[0].supplier"]


# --- Git history is input too; every XML file is well-formed ------------------------------------

GIT = ["-c", "user.name=Test", "-c", "user.email=test@register.example", "-c", "commit.gpgsign=false"]


def git(repo: Path, *args: str, date: str = "") -> str:
    import os
    import subprocess

    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(["git", *GIT, *args], cwd=repo, env=env, capture_output=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode().strip()


FAKE_SHA = "f" * 40
HOSTILE_SUBJECTS = [
    # Once, a subject holding the old separators forged a second commit and a file.
    f"Real change\x1e{FAKE_SHA}\x1f2030-01-01T00:00:00+00:00\x1fForged entry\ncontent/responses/testshire/x.yaml",
    "Ends ]]> and & < > \" ' \x01\x02\x0b\x0c\x1b[2J \u202e reversed \ufffe",
    "",
]


@pytest.fixture
def hostile_history(project: Tree, tmp_path: Path, monkeypatch, caplog) -> tuple[Path, list[str]]:
    from factories import build_site, own_source_date_epoch

    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = project.project
    git(root, "init", "-q", "-b", "main")
    for n, subject in enumerate(HOSTILE_SUBJECTS):
        if n:
            project.edit(
                RESPONSE_PATH,
                "no predictive analytics or AI" + "." * n,
                "no predictive analytics or AI" + "." * (n + 1),
            )
        git(root, "add", "-A")
        git(root, "commit", "-q", "--allow-empty-message", "-m", subject, date=f"2024-0{n + 1}-10T09:00:00+00:00")
    # Dated 2099 (in the future) and 2200 (after 2106, past what a zip or gzip file can be dated).
    for stamp, label in (("@4070908800 +0000", "2099"), ("@7258118400 +0000", "2200")):
        project.edit(RESPONSE_PATH, "No briefing notes are held", f"No briefing notes are held ({label})")
        git(root, "commit", "-q", "-am", f"Dated {label}", date=stamp)
        project.edit(RESPONSE_PATH, f"No briefing notes are held ({label})", "No briefing notes are held")
    with own_source_date_epoch():
        site = build_site(root / "mkdocs.yml", tmp_path / "site", strict=False)
    return site, caplog.messages


def test_no_commit_subject_forges_an_entry_and_impossible_dates_are_warnings(hostile_history):
    from factories import read_page

    site, messages = hostile_history
    page = read_page(site, "councils/testshire/")
    items = list(page.by_id("history").find("ol").iter("li"))
    said = [li.words().partition(": ")[2] for li in items]
    assert len(items) == 3, said
    assert said[-1].endswith("New request recorded; reply transcribed: 2 answers.")  # words, never the subject
    assert "Forged entry" not in page.words() and "Real change" not in page.words()
    assert [li.find("time").attrs["datetime"][:10] for li in items] == ["2024-03-10", "2024-02-10", "2024-01-10"]
    html = (site / "councils" / "testshire" / "index.html").read_text(encoding="utf-8")
    assert "2099" not in html.split('id="history"')[1].split("</section>")[0]
    assert "2200" not in html.split('id="history"')[1].split("</section>")[0]
    warned = [m for m in messages if "cannot be true" in m]
    assert len(warned) >= 2, messages
    assert not any(c in html for c in "\x01\x02\x1b\u202e")


def test_every_xml_file_is_well_formed_whatever_commits_hold(hostile_history):
    import xml.etree.ElementTree as ET

    site, _ = hostile_history
    files = sorted(site.rglob("*.xml"))
    assert {p.name for p in files} >= {"feed.xml", "sitemap.xml"}
    for path in files:
        ET.fromstring(path.read_bytes())
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "Forged entry" not in feed
    assert feed.count("<entry>") == 3  # one a record a day, the impossible dates left out


# --- Validator output is safe under GitHub Actions ----------------------------------------------


def test_no_key_or_file_name_forges_a_workflow_command_or_drives_the_terminal(tree):
    from test_cli import validate

    tree.edit(RESPONSE_PATH, "status: successful", 'status: successful\n"x\\n::error file=a.yaml::forged\\e[2J": 1')
    tree.write("batches/odd\n::warning::forged,name:\x1b[31m.yml", "id: odd\n")
    result = validate(tree.project, github=True)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == len(lines) // 2 == 3, lines
    assert all(line.startswith("::error file=content/") for line in commands), commands
    assert all(line.startswith("content/") for line in lines if not line.startswith("::")), lines
    assert "\x1b" not in result.stdout + result.stderr
    # In a property, `:` and `,` are escaped too; in the message, %, CR and LF.
    odd = next(line for line in commands if "odd" in line)
    file_property = odd.split(",line=")[0]
    assert "%3A" in file_property and "%2C" in file_property and "::" not in file_property[len("::error ") :]


def test_annotation_escaping_follows_the_workflow_command_rules():
    from site_builder.__main__ import _annotation
    from site_builder.records import Problem

    line = _annotation(Problem("content/a,b:c%.yaml", 3, "f", "100% sure\r\nnext"))
    assert line == "::error file=content/a%2Cb%3Ac%25.yaml,line=3::f: 100%25 sure\\r\\nnext"


# --- Bounded output -----------------------------------------------------------------------------


def array_limits(node: object, path: str = "") -> dict[str, int | None]:
    """Every list (and the answers mapping) in a schema, with its maximum size."""
    found: dict[str, int | None] = {}
    if isinstance(node, dict):
        if node.get("type") == "array":
            found[path] = node.get("maxItems")
        if "propertyNames" in node:
            found[path] = node.get("maxProperties")
        for key, value in node.items():
            found |= array_limits(value, f"{path}/{key}")
    return found


def test_every_list_in_the_schemas_is_bounded_except_the_register_itself():
    from site_builder import schema

    limits = {f"{k}:{p}": n for k in schema.KINDS for p, n in array_limits(schema.schema(k)).items()}
    assert {p for p, n in limits.items() if n is None} == {"council:/properties/councils"}
    assert len(limits) >= 16


def systems(n: int, partners: int = 1) -> str:
    rows = "".join(f"  - name: Tool {i}\n    supplier: Supplier {i}\n    status: in_use\n" for i in range(n))
    names = ", ".join(f"Partner {i}" for i in range(partners))
    return f"systems:\n{rows}partnerships:\n  - name: Project\n    partners: [{names}]\n"


def test_too_many_systems_or_partners_are_reported_like_any_other_problem(tree):
    tree.write(RESPONSE_PATH, RESPONSE + systems(51, partners=11))
    found = {p.field: p for p in tree.problems()}
    assert set(found) == {"systems", "partnerships[0].partners"}
    assert "has 51 entries; at most 50" in found["systems"].message
    assert found["systems"].line == tree.line_of(RESPONSE_PATH, "systems:")


def test_a_record_at_every_limit_adds_a_bounded_number_of_files(tmp_path):
    """The most one response can add: a page per system, supplier and partner it names, each with
    its search fragment (and a few index chunks)."""
    from factories import BATCH, COUNCILS, build_site, own_source_date_epoch, write_project

    def files(response: str, where: Path) -> int:
        tree = write_project(
            where, {"councils.yaml": COUNCILS, "batches/test-batch.yaml": BATCH, RESPONSE_PATH: response}
        )
        assert tree.problems() == []
        with own_source_date_epoch():
            site = build_site(tree.project / "mkdocs.yml", where / "site", strict=True)
        return sum(1 for p in site.rglob("*") if p.is_file())

    clean, full = files(RESPONSE, tmp_path / "clean"), files(RESPONSE + systems(50, partners=10), tmp_path / "full")
    assert 0 < full - clean <= (50 * 2 + 10) * 2 + 10, (clean, full)


# --- The preview shows what is wrong, and rebuilds when it is fixed ------------------------------


@contextmanager
def shutdown(config):
    try:
        yield
    finally:
        config.plugins.on_shutdown()


def test_preview_shows_record_problems_in_the_browser_and_terminal_and_recovers(project, tmp_path, caplog):
    """As `mkdocs serve` does: one plugin object (it defines on_startup), a build per change."""
    from factories import own_source_date_epoch, read_page
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(project.project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    site = tmp_path / "site"
    with own_source_date_epoch(), shutdown(config):
        build(config)  # good
        assert read_page(site, "councils/testshire/").find("h1").words() == "Testshire County Council"
        project.edit(RESPONSE_PATH, "status: successful", "status: succesful")
        build(config)  # broken: the build completes, with the problems on the pages
        for url in ("councils/testshire/", "councils/", ""):
            box = read_page(site, url).by_id("far-record-problems")
            assert box is not None, url
            assert f"content/{RESPONSE_PATH}:6" in box.words() and "status" in box.words()
            assert "Did you mean 'successful'?" in box.words()
        terminal = [r for r in caplog.records if r.name == "site_builder.preview"]
        assert len(terminal) == 1 and "Did you mean 'successful'?" in terminal[0].getMessage()
        project.edit(RESPONSE_PATH, "status: succesful", "status: successful")
        build(config)  # fixed
        page = read_page(site, "councils/testshire/")
        assert page.by_id("far-record-problems") is None
        assert page.find("h1").words() == "Testshire County Council"
        assert read_page(site, "").by_id("far-record-problems") is None


def test_a_build_still_stops_on_record_problems(project, tmp_path):
    from factories import build_site
    from mkdocs.exceptions import Abort

    project.edit(RESPONSE_PATH, "status: successful", "status: succesful")
    with pytest.raises(Abort):
        build_site(project.project / "mkdocs.yml", tmp_path / "site")
    assert not (tmp_path / "site" / "councils" / "testshire" / "index.html").exists()


# --- `new` is safe ------------------------------------------------------------------------------


def files_outside_responses(tree: Tree) -> set[str]:
    root = tree.project
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and "responses" not in p.parts}


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["../../evil", "test-batch"], "council '../../evil' is not a slug"),
        (["exampleton", "../councils"], "batch '../councils' is not a slug"),
        (["exampleton", "test-batch", "--part", "../../../evil"], "part '../../../evil' is not a slug"),
        (["exampleton", "test-batch", "--part", "x/../../y"], "is not a slug"),
        (["Exampleton", "test-batch"], "is not a slug"),
        (["nowhere", "test-batch"], "no council 'nowhere' in content/councils.yaml. Add it"),
        (["exampleton", "nothing"], "no batch 'nothing' in content/batches/. Known batches: test-batch."),
        (["exampletn", "test-btch"], "Did you mean 'exampleton'?"),
    ],
)
def test_new_refuses_bad_names_clearly_and_writes_nothing(tree, args, phrase):
    from test_new import site_builder

    before = files_outside_responses(tree)
    responses = sorted(p for p in tree.content.rglob("*.yaml") if "responses" in p.parts)
    result = site_builder(tree.project, "new", *args)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert phrase in result.stderr
    assert files_outside_responses(tree) == before
    assert sorted(p for p in tree.content.rglob("*.yaml") if "responses" in p.parts) == responses


def test_new_with_a_broken_batch_says_so_instead_of_a_keyerror(tree):
    from test_new import site_builder

    tree.edit("batches/test-batch.yaml", "requester:\n  name: Test Requester\n  kind: researcher\n  basis: seen\n", "")
    result = site_builder(tree.project, "new", "exampleton", "test-batch")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/batches/test-batch.yaml has problems" in result.stderr and "requester" in result.stderr


def test_new_never_writes_through_a_symlinked_folder(tree, tmp_path):
    from test_new import site_builder

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tree.content / "responses" / "exampleton").symlink_to(elsewhere, target_is_directory=True)
    result = site_builder(tree.project, "new", "exampleton", "test-batch")
    assert result.returncode == 1 and "is not a folder inside" in result.stderr
    assert list(elsewhere.iterdir()) == []
