"""A generated page's HTML is held compressed until its page is written, and comes back whole."""

from __future__ import annotations

import pytest

from site_builder import held
from site_builder.pages import Rendered


def test_a_held_page_comes_back_byte_for_byte_where_the_theme_put_it():
    html = '<h1 id="far-title">Kent – “County” Council</h1><p id="a">x</p>' * 50
    packed = held.pack(Rendered(html, {"far_kind": "council"}))
    assert packed.html == "" and packed.ids == {"far-title", "a"}
    assert len(packed.packed) < len(html.encode()) / 5
    page = f"<header>Kent</header><article>{held.MARK}</article>"
    assert held.fill(page, packed.packed) == f"<header>Kent</header><article>{html}</article>"


def test_a_page_without_its_own_heading_is_not_held():
    """Material adds a title unless the content has one; the mark must not hide that."""
    plain = Rendered("<p>no heading</p>", {"far_kind": "council"})
    assert held.pack(plain) is plain


def test_a_theme_that_drops_the_content_is_an_error_not_an_empty_page():
    packed = held.pack(Rendered("<h1>x</h1>", {"far_kind": "council"}))
    with pytest.raises(ValueError, match=r"page\.content"):
        held.fill("<article></article>", packed.packed)
