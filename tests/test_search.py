"""The search index: built by Pagefind over the site, complete, identical between builds, and a
failure stops the build with a message rather than publishing a site whose search is broken."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from factories import pagefind_fragments
from mkdocs.exceptions import PluginError

from site_builder import search

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title></head><body>
<nav>Navigation words</nav>
<main data-pagefind-body><h1>{title}</h1><p>{text}</p>
<span data-pagefind-filter="nation">{nation}</span><span data-pagefind-filter="supplier">{supplier}</span></main>
</body></html>"""


def write_site(root: Path) -> Path:
    pages = [
        ("Testshire County Council", "Dashboards for performance reporting.", "England", "Examplesoft"),
        ("Exampleton Borough Council", "Risk scores from a vendor model.", "Wales", "Modelco"),
        ("Sampleford Council", "No analytics described.", "Scotland", "Examplesoft"),
    ]
    for i, (title, text, nation, supplier) in enumerate(pages):
        page = root / f"page{i}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(PAGE.format(title=title, text=text, nation=nation, supplier=supplier), encoding="utf-8")
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_index_is_complete_and_identical_between_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    first = write_site(tmp_path / "one")
    second = write_site(tmp_path / "two")
    assert search.build_index(first) == 3
    assert search.build_index(second) == 3
    search.check_bundle(first / "pagefind")
    assert tree(first / "pagefind") == tree(second / "pagefind")
    assert not (tmp_path / "pagefind").exists(), "nothing is written outside the site"


def test_an_empty_site_stops_the_build(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("no pages at all")
    with pytest.raises(PluginError, match="search indexing"):
        search.build_index(tmp_path)


@pytest.mark.parametrize("damage", ["empty-entry", "missing-meta", "truncated-filter", "empty-script"])
def test_an_incomplete_bundle_is_detected(tmp_path: Path, damage: str):
    site = write_site(tmp_path / "site")
    search.build_index(site)
    bundle = site / "pagefind"
    if damage == "empty-entry":
        (bundle / "pagefind-entry.json").write_text("")
    elif damage == "missing-meta":
        entry = json.loads((bundle / "pagefind-entry.json").read_text())
        (bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta").unlink()
    elif damage == "truncated-filter":
        victim = sorted((bundle / "filter").glob("*.pf_filter"))[0]
        victim.write_bytes(victim.read_bytes()[:10])
    else:
        (bundle / "pagefind-component-ui.js").write_bytes(b"")
    with pytest.raises((OSError, ValueError, EOFError)):
        search.check_bundle(bundle)


def test_pagefind_failure_is_reported_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def broken(site_dir: Path, source: Path | None = None, bundle: str = "pagefind") -> int:
        raise RuntimeError("backend exited")

    monkeypatch.setattr(search, "_index", broken)
    with pytest.raises(PluginError, match="search indexing failed: RuntimeError: backend exited"):
        search.build_index(write_site(tmp_path / "site"))


@pytest.mark.parametrize("victim", ["pagefind-component-ui.js", "pagefind-ui.css", "wasm.en.pagefind", "fragment"])
def test_every_file_pagefind_writes_is_checked(tmp_path: Path, victim: str):
    """Once, under load, `pagefind-component-ui.js` was published cut off at exactly 131,072 bytes."""
    site = write_site(tmp_path / "site")
    search.build_index(site)
    bundle = site / "pagefind"
    path = sorted((bundle / "fragment").glob("*.pf_fragment"))[0] if victim == "fragment" else bundle / victim
    path.write_bytes(path.read_bytes()[: min(131_072, path.stat().st_size // 2)])
    with pytest.raises(ValueError, match="is incomplete"):
        search.check_bundle(bundle)


def cutting(times: int):
    """Pagefind's indexing, with `pagefind-component-ui.js` cut short on the first `times` runs."""
    real = search._index
    runs = []

    def index(site_dir: Path, source: Path | None = None, bundle: str = "pagefind") -> int:
        pages = real(site_dir, source, bundle)
        runs.append(1)
        if len(runs) <= times:
            ui = site_dir / "pagefind" / "pagefind-component-ui.js"
            ui.write_bytes(ui.read_bytes()[:131_072])
        return pages

    return index, runs


def test_a_cut_short_bundle_is_indexed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    index, runs = cutting(1)
    monkeypatch.setattr(search, "_index", index)
    site = write_site(tmp_path / "site")
    assert search.build_index(site) == 3
    assert len(runs) == 2
    search.check_bundle(site / "pagefind")


def test_a_bundle_that_stays_incomplete_stops_the_build_naming_the_file(tmp_path: Path, monkeypatch):
    index, runs = cutting(99)
    monkeypatch.setattr(search, "_index", index)
    with pytest.raises(PluginError, match=r"incomplete after 3 attempts: pagefind-component-ui\.js is incomplete"):
        search.build_index(write_site(tmp_path / "site"))
    assert len(runs) == 3


def _fragments(site: Path, bundle: str = "pagefind") -> dict[str, str]:
    """Each indexed page's URL and the text Pagefind keeps for it, read from the built bundle."""
    return {url: fragment["content"] for url, fragment in pagefind_fragments(site / bundle).items()}


def test_a_council_is_indexed_on_its_own_page_not_on_the_list_of_changes(real_site):
    texts = _fragments(real_site)
    assert "Westminster" in texts["/councils/westminster/"]
    changes = texts["/changes/"]
    assert "What changed" in changes
    assert "Westminster" not in changes and "City of York Council" not in changes, changes[:500]


def test_a_council_page_indexes_each_fact_once(real_site):
    """The answer's summary is indexed, in the text bundle; the evidence that restates it in the
    reply's words, and the wording every council page shares (what a status means), are not."""
    from site_builder.vocabulary import STATUSES

    text = " ".join(_fragments(real_site)["/councils/westminster/"].split())
    prose = " ".join(_fragments(real_site, search.TEXT_BUNDLE)["/councils/westminster/"].split())
    assert "Power BI dashboards for social care and education leaders" in prose
    assert "Power BI dashboards for social care and education leaders" not in text
    assert "Power BI" in text, "the system the reply names is still in the main index"
    assert "The council uses data analytics for performance and statutory reporting purposes" not in prose
    assert "The council uses data analytics for performance and statutory reporting purposes" not in text
    assert "Reply letter, answer 1" not in text
    assert not [status.description for status in STATUSES if status.description in text]
    assert "The code the Office for National Statistics gives the area" not in text


def test_the_index_is_the_one_indexing_the_finished_site_gives(real_site, tmp_path: Path):
    """The build indexes each page's content as it reads it (`search.Pages`), while MkDocs is still
    putting the pages in the theme; indexing the finished pages gives the same text, titles,
    filters, anchors and weights for every page (the not-found page aside, which no search should
    land on)."""
    site = tmp_path / "site"
    shutil.copytree(real_site, site, ignore=shutil.ignore_patterns("pagefind"))
    search.build_index(site)
    whole = pagefind_fragments(site / "pagefind")
    whole.pop("/404.html", None)
    staged = pagefind_fragments(real_site / "pagefind")
    assert len(staged) > 400
    assert sorted(staged) == sorted(whole)
    different = [url for url in staged if staged[url] != whole[url]]
    assert not different, (different[:5], staged[different[0]], whole[different[0]]) if different else None


def test_the_text_bundle_is_the_one_indexing_the_finished_pages_gives(real_site, tmp_path: Path):
    """The text bundle's copy of a page keeps only its heading, its Pagefind filters and its
    marked prose (`search.Pages`); indexing the finished pages, with the marked elements as the
    only bodies, gives the same text, titles, filters and weights for every page."""
    whole = tmp_path / "whole"
    for page in real_site.rglob("*.html"):
        relative = page.relative_to(real_site)
        html = page.read_text(encoding="utf-8")
        if relative.parts[0].startswith("pagefind") or "data-far-text" not in html:
            continue
        html = html.replace("<div data-pagefind-body", "<div", 1)
        html = re.sub(r"(<[a-z]+[^<>]*\s)data-far-text(?=[\s>])", r"\1data-far-text data-pagefind-body", html)
        (whole / relative).parent.mkdir(parents=True, exist_ok=True)
        (whole / relative).write_text(html, encoding="utf-8")
    out = tmp_path / "out"
    assert search._index(out, whole, search.TEXT_BUNDLE) > 5
    expected = pagefind_fragments(out / search.TEXT_BUNDLE)
    staged = pagefind_fragments(real_site / search.TEXT_BUNDLE)
    assert sorted(staged) == sorted(expected)
    different = [url for url in staged if staged[url] != expected[url]]
    assert not different, (different[:5], staged[different[0]], expected[different[0]]) if different else None


@pytest.mark.parametrize(
    "content",
    [
        '<h1>X</h1><div class="far-words" data-far-text><p>Quokkaform</p>',  # never closed
        "<h1>X</h1><div data-far-text><div><p>Quokkaform</p></div>",  # closed once of twice
        "<h1>X<div data-far-text><p>Quokkaform</p></div>",  # the heading never closed
    ],
)
def test_a_page_this_cannot_cut_up_is_copied_whole_to_the_text_bundle(content: str, tmp_path: Path):
    """HTML whose elements do not end is still indexed: its text copy is the whole page, marked."""
    pages = search.Pages()
    try:
        pages.add("councils/x/index.html", "X", content)
        assert pages.text_pages == 1
        copy = (pages.text / "councils/x/index.html").read_text(encoding="utf-8")
        assert "data-far-text data-pagefind-body" in copy and "Quokkaform" in copy
        assert "<h1>X" in (pages.root / "councils/x/index.html").read_text(encoding="utf-8")
    finally:
        pages.remove()


def test_marked_prose_holding_a_pagefind_value_stays_in_the_main_copy(tmp_path: Path):
    pages = search.Pages()
    try:
        pages.add(
            "councils/x/index.html",
            "X",
            '<h1>X</h1><div data-far-text><span data-pagefind-filter="nation">Wales</span></div>'
            '<div class="far-words" data-far-text><p>Quokkaform</p></div><p>Examplesoft</p>',
        )
        main = (pages.root / "councils/x/index.html").read_text(encoding="utf-8")
        text = (pages.text / "councils/x/index.html").read_text(encoding="utf-8")
    finally:
        pages.remove()
    assert "Wales" in main and "Quokkaform" not in main and "Examplesoft" in main
    assert "Wales" in text and "Quokkaform" in text and "Examplesoft" not in text
    assert text.count("<h1>X</h1>") == 1


COUNCIL = """<div hidden data-pagefind-ignore><span data-pagefind-filter="nation">{nation}</span></div>
<h1>{name}</h1><h2 id="request">Request about {system}</h2>
<div class="far-words" data-far-text><p>{prose}</p></div>
<p class="far-note" data-far-text>{note}</p>"""


def test_the_register_s_prose_is_indexed_in_the_text_bundle_alone(tmp_path: Path):
    """Words that stand only in text marked `data-far-text` are left out of the main bundle, which
    every first search downloads, and are in the text bundle, with the page's title and filters; a
    page without such text is in the main bundle alone, and the text bundle carries no copy of
    Pagefind's scripts (the main bundle's serve it)."""
    pages = search.Pages()
    site = tmp_path / "site"
    try:
        pages.add(
            "councils/testshire/index.html",
            "Testshire",
            COUNCIL.format(
                nation="Wales",
                name="Testshire",
                system="Examplesoft",
                prose="Quokkaform dashboards.",
                note="Zebrafied.",
            ),
        )
        pages.add("about/index.html", "About", "<h1>About</h1><p>Quokkaform is not named here as prose.</p>")
        assert pages.text_pages == 1
        indexing = search.Indexing(site, pages.root, pages.text)
        assert indexing.finish() == 2
    finally:
        pages.remove()
    main = _fragments(site)
    text = _fragments(site, search.TEXT_BUNDLE)
    assert sorted(main) == ["/about/", "/councils/testshire/"]
    assert "Examplesoft" in main["/councils/testshire/"]
    assert "Quokkaform" not in main["/councils/testshire/"] and "Zebrafied" not in main["/councils/testshire/"]
    assert sorted(text) == ["/councils/testshire/"]
    assert "Quokkaform dashboards." in text["/councils/testshire/"] and "Zebrafied." in text["/councils/testshire/"]
    assert "Examplesoft" not in text["/councils/testshire/"]
    fragment = pagefind_fragments(site / search.TEXT_BUNDLE)["/councils/testshire/"]
    assert fragment["meta"]["title"] == "Testshire"
    assert fragment["filters"] == {"nation": ["Wales"]}
    assert not (site / search.TEXT_BUNDLE / "pagefind.js").exists()
    assert not (site / search.TEXT_BUNDLE / "wasm.en.pagefind").exists()
    assert (site / "pagefind" / "pagefind.js").exists()


@pytest.mark.parametrize(
    "prose",
    [
        "data-far-text",
        'a <a href="https://example.org/ data-far-text">link</a>',
        '<span title="x data-far-text y">title</span>',
        "&lt;p data-far-text&gt;",
    ],
)
def test_contributor_words_never_mark_text_for_the_text_bundle(prose: str):
    """Only a tag the templates wrote is marked: contributor text reaches the page escaped, and
    a marker inside a text node or an attribute's value is left as it is."""
    pages = search.Pages()
    try:
        pages.add("councils/x/index.html", "X", f"<h1>X</h1><p>{prose}</p>")
        assert pages.text_pages == 0
        assert not list(pages.text.rglob("*.html"))
    finally:
        pages.remove()
