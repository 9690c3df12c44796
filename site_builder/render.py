"""Render the dataset into HTML fragments with Jinja2; contributor Markdown is rendered, then sanitised.

Record text is hostile until proven otherwise. Two layers keep it from injecting anything:
markdown-it-py runs CommonMark with raw HTML off (so `<script>` stays text), and nh3 then keeps
only a short list of tags and attributes and only https/http/mailto links. Images are not allowed
at all: an image would make the reader's browser fetch from a third-party host.

Record text is hostile to the build too: markdown-it-py's time grows in step with the length of
the text whatever it holds (runs of brackets, link openers, emphasis, nested lists; its own test
suite runs the CommonMark spec's pathological cases), and it caps nesting instead of recursing
without end. The schemas bound each Markdown field's length (`MARKDOWN_MAX` in the schemas).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from html import unescape
from typing import Any

import nh3
from jinja2 import Environment, PackageLoader, Undefined, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from . import authorities, vocabulary
from . import dataset as ds
from .jinja_cache import bytecode_cache

ALLOWED_TAGS = {"p", "a", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "br", "abbr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_SCHEMES = {"https", "http", "mailto"}


@cache
def _markdown() -> MarkdownIt:
    # CommonMark, raw HTML off: `<b>` is shown as the text `<b>`. Nesting (lists in quotes in
    # lists…) deeper than `maxNesting` is shown as text rather than recursed into.
    return MarkdownIt("commonmark", {"html": False, "maxNesting": 20})


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


# Text that Markdown would turn into one paragraph of itself: letters, digits, spaces, line breaks
# and common punctuation only. No character that starts any other Markdown (`*_`#<>[]!&\|~+=`) is
# allowed, and every line must start with a letter, so no list, heading, quote or code block can.
_PROSE_CHARS = re.compile(r"(?:[^\W_]|[ \n,.;:'\"()?/%\u2018\u2019\u201c\u201d\u2013\u2014-])+")


def _prose_html(text: str) -> str | None:
    """The paragraph Markdown makes of plain prose, without parsing it; None for any other text."""
    if not _PROSE_CHARS.fullmatch(text) or any(gap in text for gap in ("  ", " \n", "\n ", "\n\n")):
        return None  # a run of spaces, a space at a line's end or start, or a blank line: let Markdown say
    if text[-1] in " \n" or not all(line[:1].isalpha() for line in text.split("\n")):
        return None
    return "<p>" + text.replace('"', "&quot;") + "</p>"


@lru_cache(maxsize=65536)
def _safe_html(text: str) -> str:
    """Markdown to sanitised HTML, once per distinct text: a summary appears on its council page,
    its compare table and in search, and Markdown is the slowest step of the build. Plain prose,
    which most summaries are, skips the parser (the same HTML: tests/test_prose.py compares)."""
    prose = _prose_html(text)
    return sanitize(prose if prose is not None else _markdown().render(text).rstrip("\n"))


def render_markdown(text: str | None) -> Markup:
    """Contributor Markdown to safe HTML."""
    if not text:
        return Markup("")
    return Markup(_safe_html(text))


def human_date(value: Any) -> str:
    day = ds.as_date(value)
    if day is None and isinstance(value, str) and len(value) in (4, 7):
        # A report's month or year (`2018-09`, `2018`): said as the source gives it, no finer.
        try:
            return f"{ds.as_date(value + '-01'):%B %Y}" if len(value) == 7 else str(int(value))
        except (TypeError, ValueError):
            return value
    if day is None:
        return str(value or "")
    return f"{day.day} {day:%B %Y}"


def dated(value: Any) -> Markup:
    """A `dated` field as readable text, with its certainty said in words."""
    if value is None:
        return Markup("")
    text = human_date(value)
    certainty = value.get("certainty") if isinstance(value, dict) else "exact"
    words = ds.CERTAINTY.get(certainty, "")  # type: ignore[arg-type]
    out = Markup('<time datetime="{}">{}</time>').format(ds.as_date(value) or "", text)
    if words:
        out += Markup(' <span class="far-certainty">({})</span>').format(words)
    return out


class _PrintingFails(Undefined):
    """A value that does not exist may be tested (`{% if r.data.part %}`, `x or y`) but not printed:
    a missing label or a misspelt attribute stops the build instead of printing nothing."""

    __slots__ = ()
    __str__ = Undefined._fail_with_undefined_error
    __html__ = Undefined._fail_with_undefined_error


def plural(count: int, singular: str, plural: str = "") -> str:
    """The word for `count` things: `{{ n }} {{ n | plural("reply", "replies") }}`."""
    return singular if count == 1 else (plural or singular + "s")


class _Environment(Environment):
    """Records are plain dicts, and templates read them as `council.name`. Jinja tries an attribute
    before a key, and the failed attribute look-up made up a fifth of page rendering: keys first."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


@cache
def environment() -> Environment:
    env = _Environment(
        loader=PackageLoader("site_builder", "templates"),
        autoescape=select_autoescape(["html", "md"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        undefined=_PrintingFails,
        bytecode_cache=bytecode_cache("site_builder templates: trim_blocks lstrip_blocks autoescape html md"),
    )
    env.filters.update(md=render_markdown, human_date=human_date, dated=dated, plain=plain_text, plural=plural)
    env.globals.update(
        NATIONS=ds.NATIONS,
        REGIONS=ds.REGIONS,
        COUNCIL_TYPES=ds.COUNCIL_TYPES,
        STATUSES=ds.STATUSES,
        STATUS_MEANINGS={t.value: t.description for t in vocabulary.STATUSES},
        USE_LABELS=ds.USE_LABELS,
        USE_KINDS=ds.USE_KINDS,
        CODED=ds.CODED,
        REPORTS=ds.REPORTS,
        SYSTEM_STATUS=ds.SYSTEM_STATUS,
        REPORTING=ds.REPORTING,
        slugify=ds.slugify,
        council_path=ds.council_path,
        CHILDREN_SERVICES=authorities.CHILDREN_SERVICES,
    )
    return env


def render(template: str, base: str, **context: Any) -> str:
    """Render a template; `base` is the relative path from the page to the site root (e.g. `../../`)."""
    return environment().get_template(template).render(base=base, **context)


def base_for(url: str) -> str:
    """The relative path to the site root from a page URL such as `councils/westminster/`."""
    depth = url.strip("/").count("/") + 1 if url.strip("/") else 0
    return "../" * depth


def plain_text(text: str | None, limit: int = 0) -> str:
    """Contributor Markdown as plain text (tags removed), cut at a word boundary after `limit` characters."""
    if not text:
        return ""
    html = _safe_html(text)
    plain = " ".join(unescape(nh3.clean(html, tags=set())).split())
    if limit and len(plain) > limit:
        plain = plain[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return plain
