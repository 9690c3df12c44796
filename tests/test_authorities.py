"""Every UK authority from mySociety's dataset: the register, the slug rule, the pages, the map and coverage."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from factories import BATCH, REPO, RESPONSE, build_site, own_source_date_epoch, read_page, write_project

from site_builder import authorities, hexmap
from site_builder.dataset import build_dataset
from site_builder.records import read_document
from site_builder.validate import load_content

DATA = REPO / "site_builder" / "data"
ROWS = list(csv.DictReader((DATA / "uk_local_authorities.csv").read_text(encoding="utf-8").splitlines()))
CURRENT = [r for r in ROWS if r["current-authority"] == "True"]
HEXES = json.loads((DATA / "hexmaps" / "uk-local-authority-districts-2023.hexjson").read_text())["hexes"]
# Every council slug published before the register was built from the dataset: each must still resolve.
PUBLISHED_BEFORE = """
achieving-for-children antrim-and-newtownabbey argyll-and-bute ashford blaby clackmannanshire devon dundee
east-hertfordshire east-lothian guildford hammersmith-and-fulham hinckley-and-bosworth hull isle-of-wight
isles-of-scilly islington kensington-and-chelsea kent kingston-upon-thames kirklees knowsley lambeth lancashire leeds
leicester leicestershire lewisham lincolnshire liverpool luton manchester medway merton middlesbrough milton-keynes
moray neath-port-talbot pembrokeshire rhondda-cynon-taf sandwell shetland-islands shropshire stockton-on-tees suffolk
swindon tameside telford-and-wrekin thurrock trafford wakefield warrington west-lancashire westminster wigan wiltshire
windsor-and-maidenhead wirral wokingham wolverhampton york
""".split()  # noqa: SIM905
TYPES = {"LBO", "MD", "CTY", "UA", "NMD", "WPA", "SCO", "NID", "CC", "COMB", "SRA"}


@pytest.fixture(scope="module")
def real():
    content, problems = load_content(REPO / "content")
    assert problems == []
    return content, build_dataset(content)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    with own_source_date_epoch():
        return build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("authorities") / "site", strict=True)


# --- The vendored data ---------------------------------------------------------------------------


def test_vendored_files_carry_licence_and_source():
    for source in (DATA / "uk_local_authorities.SOURCE", DATA / "hexmaps" / "SOURCE"):
        text = source.read_text()
        assert re.search(r"^commit: [0-9a-f]{40}", text, re.M), source
        assert "licence: MIT" in text
    assert "mySociety" in (DATA / "uk_local_authorities.LICENSE").read_text()
    assert "Open Innovations" in (DATA / "hexmaps" / "LICENSE").read_text()


def test_dataset_counts_match_the_reference_readme():
    assert len(CURRENT) == 397
    assert {r["local-authority-type"] for r in ROWS} <= TYPES
    runs = [r for r in CURRENT if authorities.CHILDREN[authorities.TYPE_KEYS[r["local-authority-type"]]][0] == "yes"]
    assert len(runs) == 207


def test_the_map_is_exactly_the_current_lower_tier_and_unitary_authorities():
    lower = {r["gss-code"] for r in CURRENT if r["powers"] in ("unitary", "lower tier", "ni district")}
    assert set(HEXES) == lower, f"only in map: {set(HEXES) - lower}; only in dataset: {lower - set(HEXES)}"
    assert len(hexmap.hexes()) == 361


# --- The register ------------------------------------------------------------------------------


def test_every_current_authority_is_in_the_register_with_the_datasets_facts(real):
    _, data = real
    by_gss = {c.data.get("gss_code"): c for c in data.councils.values()}
    for row in CURRENT:
        council = by_gss[row["gss-code"]]
        assert council.data["nation"] == authorities.NATION_KEYS[row["nation"]]
        assert council.data["type"] == authorities.TYPE_KEYS[row["local-authority-type"]]
        assert council.data["code"] == row["local-authority-code"]
        assert council.data["current"] is True
    # Former authorities are in the register only when a reply or a report mentions them.
    former = [c for c in data.councils.values() if c.data.get("current") is False]
    assert former and all(c.responses or c.findings for c in former)
    assert len(data.councils) == 397 + 1 + len(former)  # and Achieving for Children, which is not a council
    runs = [c for c in data.councils.values() if c.data.get("children_services") == "yes" and c.data["current"]]
    assert len(runs) == 207


def test_published_slugs_never_change(real):
    content, data = real
    missing = [slug for slug in PUBLISHED_BEFORE if slug not in data.councils]
    assert missing == []
    for slug in PUBLISHED_BEFORE:
        assert slug in {s for c in data.councils.values() for s in [c.slug, *(c.data.get("former_slugs") or [])]}


def test_curated_entries_add_to_the_dataset_without_repeating_it(real):
    content, data = real
    assert content.register.notices == []
    for entry in content.councils.data["councils"]:
        if entry.get("gss_code"):
            assert not {"nation", "type"} & set(entry), entry["slug"]
            if {"name", "region"} & set(entry):
                assert entry.get("reason"), entry["slug"]
    assert data.councils["lincolnshire"].data["region"] == "east_midlands"
    assert data.councils["westminster"].name == "Westminster City Council"
    assert "City of Westminster" in data.councils["westminster"].data["other_names"]


def test_districts_name_their_county_and_do_not_run_childrens_services(real):
    _, data = real
    ashford = data.councils["ashford"].data
    assert ashford["children_services"] == "no"
    assert ashford["county"]["slug"] == "kent"
    assert "Kent County Council" in ashford["children_services_reason"]
    assert data.councils["kent"].data["children_services"] == "yes"
    assert data.councils["antrim-and-newtownabbey"].data["children_services"] == "no"


def content_tree(tmp_path: Path, councils: str, responses: dict[str, str] | None = None) -> Path:
    root = tmp_path / "content"
    (root / "batches").mkdir(parents=True)
    (root / "councils.yaml").write_text(councils, encoding="utf-8")
    (root / "batches" / "test-batch.yaml").write_text(BATCH, encoding="utf-8")
    for path, text in (responses or {}).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def register_of(tmp_path: Path, councils: str) -> authorities.Register:
    path = tmp_path / "councils.yaml"
    path.write_text(councils, encoding="utf-8")
    doc, problems = read_document(path, "content/councils.yaml")
    assert doc is not None and problems == []
    return authorities.build_register(doc)


def test_slug_rule(tmp_path):
    register = register_of(tmp_path, "from_dataset: true\ncouncils:\n  - slug: hull\n    gss_code: E06000010\n")
    assert register.problems == []
    slugs = {e["code"]: s for s, e in register.entries.items() if e.get("code")}
    assert slugs["KHL"] == "hull"  # kept from the curated entry
    assert slugs["HCK"] == "hackney"  # the dataset's gov-uk-slug
    assert slugs["CBD"] == "cumberland"  # no gov-uk-slug: slugify(nice-name)
    # A former authority whose slug a current one holds takes its official name.
    assert slugs["SMT"] == "somerset" and slugs["SOM"] == "somerset-county-council"
    assert slugs["NYE"] == "north-yorkshire" and slugs["NYK"] == "north-yorkshire-county-council"
    assert len(set(slugs.values())) == len(slugs)


def test_a_curated_slug_that_takes_another_authoritys_slug_is_an_error(tmp_path):
    register = register_of(tmp_path, "from_dataset: true\ncouncils:\n  - slug: camden\n    gss_code: E09000012\n")
    assert any("slug 'camden' would be given to both" in p.message for p in register.problems)


def test_an_entry_the_dataset_knows_is_merged_or_reported_never_duplicated(tmp_path):
    text = (
        "from_dataset: true\ncouncils:\n"
        "  - slug: hackney\n    name: London Borough of Hackney\n    nation: england\n    region: london\n"
        "    type: london_borough\n    gss_code: E09000012\n"
        "  - slug: camden\n    name: Camden Borough Council\n    nation: england\n    type: london_borough\n"
        "    other_names: [Camden Borough Council]\n"
        "  - slug: bristol\n    gss_code: E06000023\n    type: county\n"
    )
    register = register_of(tmp_path, text)
    assert list(register.entries).count("hackney") == 1
    assert [e["slug"] for e in register.entries.values() if e.get("code") == "HCK"] == ["hackney"]
    assert any("'hackney' adds nothing" in n for n in register.notices)
    assert any(
        "hackney' repeats what mySociety's dataset says ('London Borough of Hackney')" in n for n in register.notices
    )
    # Camden matched by name (no code): merged, its other names kept, its name reported as differing.
    camden = register.entries["camden"]
    assert camden["code"] == "CMD" and camden["other_names"] == ["Camden Borough Council"]
    problems = {(p.line, p.field): p.message for p in register.problems}
    assert "this entry says 'Camden Borough Council'" in problems[(10, "councils[1].name")]
    assert "dataset says 'unitary'; this entry says 'county'" in problems[(16, "councils[2].type")]


def test_an_unknown_gss_code_is_an_error(tmp_path):
    register = register_of(tmp_path, "from_dataset: true\ncouncils:\n  - slug: nowhere\n    gss_code: E06999999\n")
    [problem] = register.problems
    assert (problem.line, problem.field) == (4, "councils[0].gss_code")
    assert "not in mySociety's dataset" in problem.message


def test_a_former_authority_a_record_names_gets_a_page_that_says_so(tmp_path):
    response = RESPONSE.replace("council: testshire", "council: northamptonshire")
    root = content_tree(
        tmp_path, "from_dataset: true\ncouncils: []\n", {"responses/northamptonshire/test-batch.yaml": response}
    )
    content, problems = load_content(root)
    assert problems == []
    data = build_dataset(content)
    council = data.councils["northamptonshire"]
    assert council.data["current"] is False and council.data["end_date"] == "2021-04-01"
    assert [s["slug"] for s in council.data["successors"]] == ["north-northamptonshire", "west-northamptonshire"]
    assert "northampton" not in data.councils  # a former authority no record names has no page
    assert "somerset-county-council" not in data.councils
    assert len(data.councils) == 397 + 1


def test_a_record_for_an_authority_the_register_lacks_is_an_error(tmp_path):
    response = RESPONSE.replace("council: testshire", "council: hackny")
    root = content_tree(tmp_path, "from_dataset: true\ncouncils: []\n", {"responses/hackny/test-batch.yaml": response})
    _, problems = load_content(root)
    assert any("no council 'hackny'" in p.message and "Did you mean 'hackney'?" in p.message for p in problems)


# --- Pages ---------------------------------------------------------------------------------------


def test_every_current_authority_has_a_page(site: Path, real):
    _, data = real
    pages = {p.parent.name for p in (site / "councils").glob("*/index.html")}
    redirects = {s for c in data.councils.values() for s in c.data.get("former_slugs") or []}
    assert pages - redirects == set(data.councils)
    assert len(data.councils) == 398 + len(_former_ran(data)[0])


def _former_ran(data) -> tuple[list, list]:
    """Former authorities in the register (those a record mentions), and those of them that ran
    children's services: they count beside the 207 current ones."""
    former = [c for c in data.councils.values() if c.data.get("current") is False]
    return former, [c for c in former if c.data.get("children_services") == "yes"]


def test_a_page_with_no_request_says_so_and_offers_two_things_to_do(site: Path, real):
    _, data = real
    assert not data.councils["rutland"].responses
    page = read_page(site, "councils/rutland/")
    text = page.words()
    assert "No request to Rutland County Council is recorded in this register." in text
    assert f"The register records {len(data.batches)} FOI campaigns" in text
    assert "None of them is recorded as having asked Rutland." in text
    assert "not asked" not in text.replace("not mean it was not asked", "")
    links = [a.attrs.get("href", "") for a in page.iter("a")]
    assert "https://www.whatdotheyknow.com/search/Rutland%20County%20Council/bodies" in links
    assert "../../contribute/" in links
    assert "E06000017" in text and "RUT" in text
    assert "Runs children's services" in text and "A unitary authority runs children" in text


def test_a_district_page_names_the_county_that_runs_childrens_services(site: Path):
    page = read_page(site, "councils/ashford/")
    assert "children's services here are run by Kent County Council" in page.words()
    assert "../../councils/kent/" in [a.attrs.get("href") for a in page.iter("a")]


def test_the_councils_list_shows_every_authority_with_a_childrens_services_column(site: Path, real):
    _, data = real
    page = read_page(site, "councils/")
    table = page.by_id("councils-table")
    rows = list(table.iter("tr"))[1:]
    assert len(rows) == len(data.councils)
    headers = [th.words() for th in table.iter("th")]
    assert "Runs children's services" in headers
    values = [td.attrs.get("data-value") for row in rows for td in list(row.iter("td"))[4:5]]
    assert values.count("yes") == 207 + len(_former_ran(data)[1])


# --- The map -------------------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["", "coverage/", "compare/gillies-2021/q1/"])
def test_the_map_has_a_linked_named_hex_for_every_authority_in_its_hexjson(site: Path, real, address: str):
    _, data = real
    page = read_page(site, address)
    figure = page.find(cls="far-map")
    assert figure is not None
    links = [a for a in figure.iter("a") if a.attrs.get("aria-label")]
    assert len(links) == len(HEXES) == 361
    by_gss = {c.data["gss_code"]: c for c in data.councils.values() if c.data.get("gss_code")}
    base = "../" * address.count("/")
    expected = sorted(f"{base}councils/{by_gss[code].slug}/" for code in HEXES)
    assert sorted(a.attrs["href"] for a in links) == expected
    assert all(a.attrs["aria-label"].split(":")[0] for a in links)
    table = figure.find("table")
    assert len(list(table.iter("tr"))) == 361 + 1


def test_districts_take_their_countys_colour_on_the_map(site: Path, real):
    _, data = real
    page = read_page(site, "")
    labels = {a.attrs["aria-label"]: a for a in page.find(cls="far-map").iter("a") if "aria-label" in a.attrs}
    ashford = next(label for label in labels if label.startswith("Ashford Borough Council:"))
    kent = hexmap.OVERALL[hexmap.overall_state(data.councils["kent"])][0].lower()
    assert ashford.startswith(f"Ashford Borough Council: children's services run by Kent County Council, {kent}")
    assert "the district itself has a recorded request" in ashford  # Ashford was asked itself


def test_the_map_stays_small(site: Path):
    import gzip

    for address in ("index.html", "coverage/index.html", "compare/gillies-2021/q1/index.html"):
        html = (site / address).read_text(encoding="utf-8")
        start, end = (
            html.index('<figure class="far-map"'),
            html.index("</figure>", html.index('<figure class="far-map"')),
        )
        assert len(gzip.compress(html[start:end].encode(), 9)) <= 30_000, address


# --- Coverage and downloads ---------------------------------------------------------------------


def test_coverage_counts_against_every_authority_that_runs_childrens_services(site: Path, real):
    _, data = real
    asked = {r.council["slug"] for r in data.responses}
    runs = [c for c in data.councils.values() if c.data.get("children_services") == "yes" and c.data["current"]]
    text = read_page(site, "coverage/").words()
    unasked = len([c for c in runs if c.slug not in asked])
    assert "207 current UK authorities run children's services" in text
    assert f"{207 - unasked} of them have a request recorded here" in text
    assert f"for {unasked}, no request is recorded" in text
    assert "not asked" not in text.replace("is not “not asked”", "")


def test_councils_csv_carries_the_datasets_codes(site: Path):
    with (site / "data" / "councils.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["council_slug"]: row for row in csv.DictReader(handle)}
    hackney = rows["hackney"]
    assert (hackney["gss_code"], hackney["local_authority_code"], hackney["wdtk_id"]) == ("E09000012", "HCK", "206")
    assert (hackney["children_services"], hackney["current"], hackney["region"]) == ("yes", "true", "london")
    assert rows["ashford"]["county_slug"] == "kent" and rows["ashford"]["children_services"] == "no"
    assert rows["achieving-for-children"]["children_services"] == ""
    council = json.loads((site / "councils" / "cumberland.json").read_text())
    assert council["code"] == "CBD" and council["start_date"] == "2023-04-01"


def test_search_indexes_every_authority_with_a_childrens_services_filter(site: Path, real):
    from site_builder.search import _read

    former, ran = _former_ran(real[1])
    filters = {}
    for path in (site / "pagefind" / "filter").glob("*.pf_filter"):
        name, values = _read(path)
        filters[name] = {value[0]: len(value[1]) for value in values}
    assert filters["runs children's services"] == {"Yes": 207 + len(ran), "No": 190 + len(former) - len(ran)}
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] >= 398


def test_a_former_authoritys_page_says_when_it_ended_and_links_its_successors(tmp_path):
    response = RESPONSE.replace("council: testshire", "council: northamptonshire")
    files = {
        "councils.yaml": "from_dataset: true\ncouncils: []\n",
        "batches/test-batch.yaml": BATCH,
        "responses/northamptonshire/test-batch.yaml": response,
    }
    project = write_project(tmp_path / "project", files)
    with own_source_date_epoch():
        site = build_site(project.project / "mkdocs.yml", tmp_path / "site")
    page = read_page(site, "councils/northamptonshire/")
    text = page.words()
    assert "Abolished1 April 2021; replaced by North Northamptonshire Council and West Northamptonshire Council" in text
    links = [a.attrs.get("href") for a in page.iter("a")]
    assert "../../councils/north-northamptonshire/" in links and "../../councils/west-northamptonshire/" in links
    successor = read_page(site, "councils/west-northamptonshire/").words()
    assert "Created1 April 2021, replacing Northamptonshire County Council" in successor
    listing = read_page(site, "councils/").by_id("councils-table").words()
    assert "Northamptonshire County Council (abolished 2021)" in listing


def test_a_former_slug_may_not_be_another_authoritys_slug(tmp_path):
    text = "from_dataset: true\ncouncils:\n  - slug: hull\n    gss_code: E06000010\n    former_slugs: [hackney]\n"
    register = register_of(tmp_path, text)
    [problem] = register.problems
    assert (problem.line, problem.field) == (5, "councils[0].former_slugs[0]")
    assert "'hackney' is the slug of London Borough of Hackney" in problem.message
