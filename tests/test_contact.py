"""Reporting an error without a GitHub account: the address maintainers set in mkdocs.yml, in every
page's footer and on the contribute page, and never a placeholder."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import build_site, read_page, write_project
from mkdocs.exceptions import Abort

from site_builder import contact


@pytest.mark.parametrize(
    "email",
    ["you@example.com", "corrections@example.org", "someone@mail.example.net", "changeme@register.org", "todo@x.org"],
)
def test_a_placeholder_is_refused(email: str):
    assert "placeholder" in (contact.problem(email) or "")


@pytest.mark.parametrize("email", ["not an address", "a@b", "<x@y.org>"])
def test_something_that_is_not_an_address_is_refused(email: str):
    assert "not an e-mail address" in (contact.problem(email) or "")


def test_a_real_looking_address_or_none_is_accepted():
    assert contact.problem("corrections@council-analytics.org.uk") is None
    assert contact.problem("") is None
    assert contact.read({"contact": {"email": "  a@b.org "}}) == "a@b.org"
    assert contact.read({}) == "" and contact.read({"contact": None}) == ""


def project_with(tmp_path: Path, email: str | None) -> Path:
    tree = write_project(tmp_path / "project", index="# Test register\n\n<!-- far:contact -->\n")
    config = tree.project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "repo_url: https://github.com/testshire/register\n", "utf-8")
    if email is not None:
        config.write_text(config.read_text(encoding="utf-8") + f"extra:\n  contact:\n    email: {email!r}\n", "utf-8")
    return config


def test_the_address_is_in_every_footer_and_the_contact_block(tmp_path: Path):
    site = build_site(project_with(tmp_path, "errors@testshire-register.org.uk"), tmp_path / "site")
    for url in ("", "councils/testshire/"):
        footer = read_page(site, url).find("div", cls="far-report")
        assert footer is not None, url
        links = [a.attrs.get("href", "") for a in footer.iter("a")]
        assert "mailto:errors@testshire-register.org.uk" in links, (url, links)
    block = read_page(site, "").find("p", cls="far-contact")
    assert block is not None and "errors@testshire-register.org.uk" in block.text()


def test_without_an_address_the_footer_offers_the_form_and_the_build_says_so(tmp_path: Path, caplog):
    with caplog.at_level("INFO"):
        site = build_site(project_with(tmp_path, None), tmp_path / "site")
    footer = read_page(site, "").find("div", cls="far-report")
    assert footer is not None
    assert not [a for a in footer.iter("a") if a.attrs.get("href", "").startswith("mailto:")]
    assert "Report it with the correction form" in footer.text()
    assert any("extra.contact.email is not set" in r.getMessage() for r in caplog.records)


def test_a_placeholder_stops_a_strict_build_and_is_never_shown(tmp_path: Path, caplog):
    config = project_with(tmp_path, "you@example.com")
    with pytest.raises(Abort):
        build_site(config, tmp_path / "strict")
    assert any("placeholder" in r.getMessage() for r in caplog.records)
    site = build_site(config, tmp_path / "site", strict=False)
    assert "you@example.com" not in (site / "index.html").read_text(encoding="utf-8")
