"""Plain prose skips the Markdown parser (`render._prose_html`); its HTML must be exactly what the
parser makes of it, for the real records and for text made up to look like prose or Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder import render

REPO = Path(__file__).resolve().parent.parent


def parsed(text: str) -> str:
    return render.sanitize(render._markdown().render(text).rstrip("\n"))


def texts(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from texts(v)
    elif isinstance(value, str) and value:
        yield value


def test_every_real_text_renders_as_the_parser_renders_it():
    found = {t for path in sorted((REPO / "content").rglob("*.yaml")) for t in texts(yaml.safe_load(path.read_text()))}
    fast = [t for t in found if render._prose_html(t) is not None]
    assert fast, "some real text is plain prose"
    for text in fast:
        assert render.sanitize(render._prose_html(text)) == parsed(text), text


@pytest.mark.parametrize(
    "text",
    [
        "1. a list",
        "x\n1. a list",
        "x\n- a list",
        "Title\n===",
        "Title\n---",
        "a  b",
        "a \nb",
        "a\n b",
        "a\n\nb",
        "<b>bold</b>",
        "a *b*",
        "a_b_",
        "[link](https://example.org)",
        "a &amp; b",
        "    code",
        "> quote",
        "# heading",
        "a\\",
        "a ",
        " a",
        "a\n",
        "\u00a0a",
        "a\u200bb",
    ],
)
def test_text_that_may_be_markdown_goes_to_the_parser(text: str):
    assert render._prose_html(text) is None


PROSE = st.text(alphabet=st.sampled_from(list("abcXYZé1 ,.;:'\"()?/%’“–-\n")), min_size=1, max_size=60)
ANY = st.text(alphabet=st.sampled_from(list("ab1 .-*_#>[]()!&<\\`\n=+~|\t\u00a0")), min_size=1, max_size=40)


@settings(max_examples=400, deadline=None)
@given(st.one_of(PROSE, ANY))
def test_whatever_skips_the_parser_is_what_the_parser_makes(text: str):
    prose = render._prose_html(text)
    if prose is not None:
        assert render.sanitize(prose) == parsed(text)
