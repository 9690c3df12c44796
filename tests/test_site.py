"""The built site as readers, feed readers, search engines and citation managers see it.

The real repository is built twice, each time by `mkdocs build` in a process of its own with a
different hash seed, so anything that depends on set or dict order or on the clock shows up as a
difference. The first is the session's build (`real_site`), which the other checks read. Redirects
and change history are checked in throwaway projects, where the records and the commits are the
test's own.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import bibtexparser
import pytest
import yaml
from factories import (
    REPO,
    RESPONSE_PATH,
    Element,
    Tree,
    build_site,
    expect_problem,
    mkdocs_build,
    own_source_date_epoch,
    parse_html,
    read_page,
)

from site_builder.validate import load_content

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE_URL = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
CONTENT, _ = load_content(REPO / "content")
COUNCILS = [entry["slug"] for entry in CONTENT.councils.data["councils"]] if CONTENT.councils else []


@pytest.fixture(scope="module")
def builds(real_site: Path, tmp_path_factory) -> tuple[Path, Path]:
    """The session's build (hash seed 1) and a second one with another hash seed."""
    return real_site, mkdocs_build(tmp_path_factory.mktemp("twice") / "second", "2")


@pytest.fixture(scope="module")
def site(builds: tuple[Path, Path]) -> Path:
    return builds[0]


def site_path(site: Path, url: str) -> Path:
    """The file an absolute address on the published site is served from."""
    assert url.startswith(SITE_URL), url
    path = urlsplit(url).path[len(urlsplit(SITE_URL).path) :]
    return site / (path + "index.html" if path.endswith("/") or not path else path)


def page_address(relative: str) -> str:
    """The published address of a built HTML file: `councils/westminster/index.html` ->
    `<site_url>councils/westminster/`."""
    return SITE_URL + relative.removesuffix("index.html")


# --- Identical rebuilds ------------------------------------------------------------------------


def tree_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_two_builds_are_byte_identical(builds: tuple[Path, Path]):
    first, second = builds
    files = tree_files(first)
    assert files == tree_files(second)
    assert any(name.startswith("pagefind/") for name in files), "the search bundle is compared too"
    differing = [name for name in files if (first / name).read_bytes() != (second / name).read_bytes()]
    assert differing == []


# --- The Atom feed -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def feed(site: Path) -> ET.Element:
    return ET.parse(site / "feed.xml").getroot()


def rfc3339(text: str | None) -> dt.datetime:
    assert text and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)", text), text
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_feed_is_atom(feed: ET.Element):
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{tag}") or "").strip(), tag
    rfc3339(feed.findtext(f"{ATOM}updated"))
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == SITE_URL + "feed.xml"


def test_every_feed_entry_has_id_title_updated_and_link(feed: ET.Element):
    entries = feed.findall(f"{ATOM}entry")
    assert entries, "the repository has history, so the feed has entries"
    for entry in entries:
        assert (entry.findtext(f"{ATOM}id") or "").strip()
        assert (entry.findtext(f"{ATOM}title") or "").strip()
        rfc3339(entry.findtext(f"{ATOM}updated"))
        link = entry.find(f"{ATOM}link")
        assert link is not None and link.get("href")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(ids) == len(set(ids)), "entry ids are unique"
    updated = [rfc3339(entry.findtext(f"{ATOM}updated")) for entry in entries]
    assert updated == sorted(updated, reverse=True), "newest first"
    assert rfc3339(feed.findtext(f"{ATOM}updated")) == updated[0]


def test_feed_entries_link_to_a_request_on_a_council_page(site: Path, feed: ET.Element):
    for entry in feed.findall(f"{ATOM}entry"):
        href = entry.find(f"{ATOM}link").get("href")
        address, _, anchor = href.partition("#")
        assert address.startswith(SITE_URL + "councils/"), href
        page = site_path(site, address)
        assert page.is_file(), href
        assert parse_html(page.read_text(encoding="utf-8")).by_id(anchor) is not None, href


def test_feedparser_reads_the_feed(site: Path, feed: ET.Element):
    feedparser = pytest.importorskip("feedparser")
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert len(parsed.entries) == len(feed.findall(f"{ATOM}entry"))
    assert all(e.get("id") and e.get("title") and e.get("updated") and e.get("link") for e in parsed.entries)


# --- Citation ----------------------------------------------------------------------------------


def parse_bibtex(text: str) -> tuple[str, str, dict[str, str]]:
    """One BibTeX entry as bibtexparser reads it, and nothing else in the text: (type, key, fields),
    field names in lower case, values without their enclosing braces; ValueError otherwise."""
    library = bibtexparser.parse_string(text)
    if library.failed_blocks or len(library.blocks) != 1 or len(library.entries) != 1:
        raise ValueError(f"not exactly one well-formed entry: {[type(b).__name__ for b in library.blocks]}")
    (entry,) = library.entries
    return entry.entry_type.lower(), entry.key, {f.key.lower(): f.value for f in entry.fields}


@pytest.mark.parametrize(
    "broken",
    [
        "@misc{k,\n  title = {A {B}},\n  year = {2021}\n",  # the entry is never closed
        "@misc{k,\n  title = {A {B},\n  year = {2021}\n}",  # a brace left open in a value
        "@misc{k,\n  title = {A},\n  title = {B}\n}",  # a field twice
        "@misc{k,\n  title = {A}\n}\n}",  # text after the entry
    ],
)
def test_the_bibtex_reader_is_strict(broken: str):
    with pytest.raises(ValueError):
        parse_bibtex(broken)


@pytest.fixture(scope="module")
def cite_box(site: Path) -> Element:
    box = read_page(site, "councils/westminster/").by_id("cite")
    assert box is not None
    return box


def cited(box: Element, label: str) -> str:
    element = box.find("pre", aria_labelledby=f"cite-{label}-label")
    assert element is not None, label
    return element.text()


def test_bibtex_in_the_cite_box_parses(cite_box: Element):
    kind, key, fields = parse_bibtex(cited(cite_box, "bibtex"))
    assert (kind, key) == ("misc", "far-westminster")
    assert {"title", "author", "year", "howpublished", "urldate"} <= set(fields)
    assert fields["title"] == "Westminster City Council"
    assert re.fullmatch(r"\d{4}", fields["year"])
    assert fields["howpublished"] == rf"\url{{{SITE_URL}councils/westminster/}}"


def test_plain_citation_has_the_page_address(cite_box: Element):
    assert f"{SITE_URL}councils/westminster/" in cited(cite_box, "plain")


# --- What search engines and link previews read -------------------------------------------------


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, Element]:
    """Every HTML page of the site, parsed, by its path in the site."""
    return {
        p.relative_to(site).as_posix(): parse_html(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))
    }


def test_sitemap_lists_every_council_page(site: Path):
    listed = {loc.text for loc in ET.parse(site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")}
    assert COUNCILS
    assert [slug for slug in COUNCILS if f"{SITE_URL}councils/{slug}/" not in listed] == []
    assert [url for url in sorted(listed) if not site_path(site, url).is_file()] == []


def meta(page: Element, key: str) -> str | None:
    """The content of `<meta property=key>` or `<meta name=key>`; None when there is none."""
    found = page.find("meta", property=key) or page.find("meta", name=key)
    return found.attrs.get("content") if found else None


# The search page is built from its own template; see test_search_page_has_social_metadata.
SEARCH_PAGE = "search/index.html"


def test_every_page_has_its_canonical_address(pages: dict[str, Element]):
    """404.html is served at every missing address, so it has no address of its own."""
    wrong = {
        name: link.attrs.get("href") if (link := page.find("link", rel="canonical")) else None
        for name, page in pages.items()
        if name != "404.html"
    }
    assert {name: href for name, href in wrong.items() if href != page_address(name)} == {}


@pytest.mark.parametrize("key", ["og:title", "og:description", "twitter:card"])
def test_every_page_has_social_metadata(pages: dict[str, Element], key: str):
    assert [name for name, page in pages.items() if name != SEARCH_PAGE and not meta(page, key)] == []


@pytest.mark.parametrize("key", ["og:title", "og:description", "twitter:card"])
def test_search_page_has_social_metadata(pages: dict[str, Element], key: str):
    assert meta(pages[SEARCH_PAGE], key)


def test_data_page_describes_the_dataset_in_json_ld(site: Path, pages: dict[str, Element]):
    scripts = list(pages["data/index.html"].iter("script", type="application/ld+json"))
    assert len(scripts) == 1
    data = json.loads(scripts[0].text())
    assert data["@type"] == "Dataset"
    assert data["@context"] == "https://schema.org"
    assert data["url"] == f"{SITE_URL}data/"
    assert data["license"] and data["version"]
    assert [d["contentUrl"] for d in data["distribution"] if not site_path(site, d["contentUrl"]).is_file()] == []


def test_404_page_links_to_search_and_councils(site: Path):
    page = read_page(site, "404.html")
    heading = next(h for h in page.iter("h1") if h.words() == "Page not found")
    body = heading.parent
    base = urlsplit(SITE_URL).path
    assert [form.attrs.get("action") for form in body.iter("form")] == [f"{base}search/"]
    assert f"{base}councils/" in [a.attrs.get("href") for a in body.iter("a")]
    assert (site / "search" / "index.html").is_file() and (site / "councils" / "index.html").is_file()


# --- Redirects from former slugs (throwaway project) -----------------------------------------


def test_former_slug_redirects_to_the_council_page(project: Tree, tmp_path: Path):
    project.edit("councils.yaml", "    gss_code: null\n", "    gss_code: null\n    former_slugs: [old-testshire]\n")
    with own_source_date_epoch():
        site = build_site(project.project / "mkdocs.yml", tmp_path / "site")
    page = read_page(site, "councils/old-testshire/")
    refresh = page.find("meta", http_equiv="refresh")
    assert refresh is not None
    delay, _, relative = refresh.attrs["content"].partition("; url=")
    assert delay == "0"
    # Where a browser on the old address lands: the council's page, which exists.
    landing = urljoin("https://register.example/councils/old-testshire/", relative)
    assert landing == "https://register.example/councils/testshire/"
    assert (site / urlsplit(landing).path.strip("/") / "index.html").is_file()
    assert page.find("link", rel="canonical").attrs["href"] == landing
    assert [a.attrs["href"] for a in page.iter("a")] == [relative]


def test_a_former_slug_that_is_a_current_slug_is_a_problem(tree: Tree):
    tree.edit(
        "councils.yaml",
        "    type: welsh_principal_area\n",
        "    type: welsh_principal_area\n    former_slugs: [testshire]\n",
    )
    expect_problem(tree, "councils.yaml", "former_slugs: [testshire]", "former_slugs", "'testshire' is a current slug")


# --- Change history (throwaway project, with and without git) ----------------------------------

REPO_URL = "https://github.com/register-example/register"
COMMITS = [  # oldest first: (date, subject)
    ("2024-01-10T09:00:00+00:00", "Record Testshire's reply to the test batch"),
    ("2024-03-05T16:30:00+00:00", "Correct Testshire's answer to Q1 after the council's letter"),
]


GIT_SETTINGS = [
    "-c",
    "user.name=Test Contributor",
    "-c",
    "user.email=test@register.example",
    "-c",
    "commit.gpgsign=false",
]


def git(repo: Path, *args: str, date: str = "") -> str:
    """git in `repo`, ignoring the user's and the system's configuration."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    done = subprocess.run(
        ["git", *GIT_SETTINGS, *args], cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def history_site(project: Tree, tmp_path: Path, monkeypatch) -> tuple[Path, list[str]]:
    """The project as a git repository with two commits to Testshire's record, built; returns
    the site and the commit shas, newest first."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = project.project
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as f:
        f.write(f"repo_url: {REPO_URL}\n")
    git(root, "init", "-q", "-b", "main")
    shas = []
    for n, (date, subject) in enumerate(COMMITS):
        if n:
            project.edit(RESPONSE_PATH, "no predictive analytics or AI.", "no predictive analytics or AI (corrected).")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", subject, date=date)
        shas.insert(0, git(root, "rev-parse", "HEAD"))
    with own_source_date_epoch():
        return build_site(root / "mkdocs.yml", tmp_path / "site"), shas


def test_council_page_says_what_changed_in_words_newest_first(history_site: tuple[Path, list[str]]):
    site, _ = history_site
    history = read_page(site, "councils/testshire/").by_id("history")
    items = list(history.find("ol").iter("li"))
    said = [li.words().partition(": ")[2] for li in items]
    assert said == [
        "Analytics in children's services (test batch): Answer to Q1 revised.",
        "Analytics in children's services (test batch): New request recorded; reply transcribed: 2 answers.",
    ]
    assert [li.find("time").attrs["datetime"] for li in items] == [date for date, _ in reversed(COMMITS)]
    assert not any(subject in history.words() for _, subject in COMMITS)  # no commit subject on the page


def test_changes_page_and_feed_say_the_same_words_and_no_subject(history_site: tuple[Path, list[str]]):
    site, _ = history_site
    page = read_page(site, "changes/")
    article = page.find("article")
    text = article.words()
    assert "Testshire County Council, Analytics in children's services (test batch): Answer to Q1 revised." in text
    assert [h.words() for h in article.iter("h2")] == ["5 March 2024", "10 January 2024"]
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert '<?xml-stylesheet type="text/xsl" href="feed.xsl"?>' in feed
    assert "<summary>Answer to Q1 revised.</summary>" in feed
    assert (site / "feed.xsl").is_file()
    for _, subject in COMMITS:
        assert subject not in feed and subject not in text


def test_cite_box_names_the_head_commit(history_site: tuple[Path, list[str]]):
    site, shas = history_site
    box = read_page(site, "councils/testshire/").by_id("cite")
    assert f"version {shas[0][:12]}" in cited(box, "plain")
    assert f"{REPO_URL}/blob/{shas[0]}/content/{RESPONSE_PATH}" in cited(box, "bibtex")


def test_outside_git_there_is_no_history(project: Tree, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    with own_source_date_epoch():
        site = build_site(project.project / "mkdocs.yml", tmp_path / "site")
    page = read_page(site, "councils/testshire/")
    assert page.by_id("history").find("p").words() == "No change history is available for this build."
    assert "version" not in cited(page.by_id("cite"), "plain")
    changes = read_page(site, "changes/")
    assert "built without its git history" in changes.by_id("far-changes-fallback").words()


@pytest.mark.parametrize("kind", ["council", "batch", "response", "report", "systems", "left_out"])
def test_contribute_page_documents_every_schema_field(site: Path, kind: str):
    """The field reference is generated from the schemas; every field, at every depth, is listed
    with its meaning, so contributors never meet an undocumented field."""
    from site_builder import reference

    fields = reference.fields(kind)
    assert fields, kind
    html = (site / "contribute" / "index.html").read_text(encoding="utf-8")
    missing = [f.path for f in fields if f"<code>{f.path.replace('<', '&lt;').replace('>', '&gt;')}</code>" not in html]
    assert missing == []
    undocumented = [f.path for f in fields if not f.description]
    assert undocumented == [], "every field has a description in the schema"


# --- Citations of the council's reply and of each answer ----------------------------------------


@pytest.fixture(scope="module")
def more_citations(site: Path) -> Element:
    box = read_page(site, "councils/westminster/").by_id("cite-replies")
    assert box is not None
    return box


def test_the_councils_reply_is_cited_with_its_reference_date_and_address(more_citations: Element):
    reply = more_citations.find("pre", aria_labelledby="cite-gillies-2021-reply")
    assert reply is not None
    text = reply.text()
    assert text.startswith("Westminster City Council. Reply to the Freedom of Information request “")
    assert "council reference 19724857" in text and "16 April 2021" in text
    assert "https://www.whatdotheyknow.com/request/" in text


def test_each_answers_citation_has_what_far_js_writes_it_from(more_citations: Element):
    """far.js writes each transcribed answer's citation (tests/browser/test_citations.py) from the
    parts the answers of a request share, carried here, and the answer's number and question."""
    reply = more_citations.find("pre", aria_labelledby="cite-gillies-2021-reply")
    assert reply is not None
    assert reply.attrs["data-far-answers"] == "gillies-2021"
    assert reply.attrs["data-far-of"].startswith("of “")
    assert reply.attrs["data-far-of"].endswith("” (council reference 19724857), 16 April 2021")
    assert more_citations.attrs["data-far-who"] == "Westminster City Council"
    assert more_citations.attrs["data-far-name"] == "Council Analytics FOI Register"
    assert more_citations.attrs["data-far-url"] == f"{SITE_URL}councils/westminster/"
    assert more_citations.find("pre", aria_labelledby="cite-gillies-2021-q6") is None, "not twice in the HTML"


# --- What every first view downloads ------------------------------------------------------------


def test_materials_stylesheet_is_served_without_the_rules_no_page_uses(site: Path):
    import material

    served = next((site / "assets" / "stylesheets").glob("main.*.min.css"))
    original = Path(material.__file__).parent / "templates" / "assets" / "stylesheets" / served.name
    text = served.read_text(encoding="utf-8")
    assert len(text) < 0.8 * original.stat().st_size
    for kept in (".md-header{", ".md-typeset h1{", ".md-sidebar{", ".md-top{", ".md-button{"):
        assert kept in text, kept
    assert ".tabbed-set" not in text, "content tabs are on no page"
    assert "sourceMappingURL" not in text, "the map is Material's whole stylesheet's"


def test_far_css_and_far_js_are_served_without_comment_lines(site: Path):
    for name in ("far.css", "far.js"):
        served = (site / "assets" / name).read_text(encoding="utf-8")
        assert not any(line.startswith(("/*", "  ")) for line in served.splitlines()), name
