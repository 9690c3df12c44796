"""The real site as a reader meets it: the home page's finder and figures, changes in words, the
council page's opening sentence, compare tables that fold what is not transcribed, plain words."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest
from factories import read_page

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(real_site: Path) -> Path:
    return real_site


def _subjects() -> list[str]:
    """Every commit subject that touched the records (none may reach a reader's page)."""
    done = subprocess.run(
        ["git", "-C", str(ROOT), "log", "--format=%s", "--", "content"], capture_output=True, text=True, check=False
    )
    return [s for s in done.stdout.splitlines() if len(s) > 25] if done.returncode == 0 else []


# --- Home ---------------------------------------------------------------------------------------


def test_home_opens_with_a_council_finder_that_works_without_javascript(site: Path):
    page = read_page(site, "")
    article = page.find("article")
    form = article.find("form", cls="far-finder")
    assert form is not None
    assert form.attrs["method"] == "get" and form.attrs["action"] == "search/"
    field = form.find("input", name="q")
    assert field.attrs["list"] == "far-finder-names"
    assert page.find("label", **{"for": field.attrs["id"]}).words() == "Find a council"
    options = list(page.by_id("far-finder-names").iter("option"))
    names = {o.attrs["value"]: o.attrs["data-href"] for o in options}
    assert names["Westminster City Council"] == "councils/westminster/"
    assert len(options) == len(list((site / "councils").glob("*/index.html")))
    for href in names.values():
        assert (site / href / "index.html").is_file(), href
    assert "data-pagefind-ignore" in form.attrs  # council names in the list would match every search
    # The finder comes before the figures, the map and the changes.
    order = [el.attrs.get("class", el.tag) for el in article.iter() if el.tag in ("form", "p", "h2")]
    assert order.index("far-finder") < order.index("far-known")


def test_home_says_what_is_known_with_figures_that_link_to_their_lists(site: Path):
    known = read_page(site, "").find("p", cls="far-known")
    links = {a.words(): a.attrs["href"] for a in known.iter("a")}
    assert set(links.values()) == {"coverage/", "councils/", "compare/", "councils/?reports=yes", "systems/"}
    assert all(re.match(r"^\d+ ", text) for text in links), links
    for href in links.values():
        assert (site / href.split("?")[0] / "index.html").is_file()


def test_home_has_no_grey_site_name_and_at_most_five_changes_in_words(site: Path):
    page = read_page(site, "")
    assert page.find("h1").words() != "Council Analytics FOI Register"
    assert "far-home-title" in page.find("h1").classes
    items = list(page.find("ul", cls="far-latest").iter("li"))
    assert 1 <= len(items) <= 5
    assert page.find("a", href="changes/") is not None
    text = page.find("article").words()
    for subject in _subjects():
        assert subject not in text


# --- Changes ------------------------------------------------------------------------------------


def test_changes_page_and_feed_carry_words_never_commit_subjects(site: Path):
    page = read_page(site, "changes/")
    items = list(page.find("article").iter("li"))
    assert items
    assert all(li.words().endswith(".") for li in items)
    for li in items[:50]:
        link = li.find("a")
        if link is not None:
            target = urljoin("changes/", link.attrs["href"]).split("#")[0]
            assert (site / target / "index.html").is_file(), target
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert '<?xml-stylesheet type="text/xsl" href="feed.xsl"?>' in feed
    assert (site / "feed.xsl").read_bytes().startswith(b"<?xml")
    for subject in _subjects():
        assert subject not in feed and subject not in page.words()
