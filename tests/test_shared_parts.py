"""The navigation is shared only by pages it is the same for (`site_builder.shared_parts`)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from site_builder import shared_parts

NAV = frozenset({"", "about/", "councils/", "compare/", "https://example.org/"})


def page(url: str) -> SimpleNamespace:
    return SimpleNamespace(url=url)


@pytest.fixture(autouse=True)
def on(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(shared_parts.OFF, raising=False)


def test_pages_of_one_folder_outside_the_navigation_share_one_rendering():
    parts, calls = shared_parts.Parts(NAV), []

    def render(url: str) -> str:
        return parts("nav", page(url), "../..", lambda: calls.append(url) or f"nav for {url}")

    assert render("councils/westminster/") == render("councils/camden/") == "nav for councils/westminster/"
    assert render("compare/gillies-2021/q1/") == "nav for compare/gillies-2021/q1/"
    assert parts("tabs", page("councils/camden/"), "../..", lambda: "tabs") == "tabs"
    assert calls == ["councils/westminster/", "compare/gillies-2021/q1/"]


@pytest.mark.parametrize(
    "url",
    [
        "",  # the home page is in the navigation, and every entry is below it
        "about/",  # in the navigation: an entry is marked active
        "councils/",  # in the navigation, and above nothing else
    ],
)
def test_a_page_in_the_navigation_renders_its_own(url: str):
    parts, calls = shared_parts.Parts(NAV), []
    for _ in range(2):
        parts("nav", page(url), "../..", lambda url=url: calls.append(url) or "nav")
    assert calls == [url, url]


def test_a_page_above_a_navigation_entry_renders_its_own():
    parts, calls = shared_parts.Parts(frozenset({"guides/start/"})), []
    for url in ("guides/", "guides/"):
        parts("nav", page(url), "../..", lambda url=url: calls.append(url) or "nav")
    assert calls == ["guides/", "guides/"]


def test_folder_keys_keep_directory_and_file_urls_apart():
    parts = shared_parts.Parts(NAV)
    assert parts.folder("councils/a/") == parts.folder("councils/b/")
    assert parts.folder("councils/a/") != parts.folder("councils/a.html")
    assert parts.folder("councils/a/") != parts.folder("compare/a/")


def test_turned_off_every_page_renders_its_own(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(shared_parts.OFF, "1")
    parts, calls = shared_parts.Parts(NAV), []
    for url in ("councils/a/", "councils/b/"):
        parts("nav", page(url), "../..", lambda url=url: calls.append(url) or "nav")
    assert calls == ["councils/a/", "councils/b/"]


def test_a_page_without_a_url_renders_its_own():
    calls: list[int] = []
    shared_parts.Parts(NAV)("nav", None, "..", lambda: calls.append(1) or "nav")
    assert calls == [1]


def test_every_entry_of_a_nested_navigation_is_found():
    section = SimpleNamespace(url=None, children=[SimpleNamespace(url="a/", children=None), SimpleNamespace(url="b/")])
    assert shared_parts.nav_urls([section, SimpleNamespace(url="")]) == {"a/", "b/", ""}


def test_a_page_whose_links_start_elsewhere_renders_its_own():
    """The not-found page's links are built from the site's root, whatever its folder."""
    parts, calls = shared_parts.Parts(NAV), []
    for base_url in ("..", "/"):
        parts("nav", page("404.html"), base_url, lambda base_url=base_url: calls.append(base_url) or base_url)
    assert calls == ["..", "/"]
