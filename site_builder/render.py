"""Render the dataset into HTML fragments with Jinja2; contributor Markdown is rendered, then sanitised.

Record text is hostile until proven otherwise. Two layers keep it from injecting anything:
Python-Markdown runs without its raw-HTML handlers (so `<script>` stays text), and nh3 then keeps
only a short list of tags and attributes and only https/http/mailto links. Images are not allowed
at all: an image would make the reader's browser fetch from a third-party host.
"""

from __future__ import annotations

from functools import cache, lru_cache
from html import unescape
from typing import Any

import markdown
import nh3
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from . import dataset as ds

ALLOWED_TAGS = {"p", "a", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "br", "abbr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_SCHEMES = {"https", "http", "mailto"}


@cache
def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


@lru_cache(maxsize=65536)
def _safe_html(text: str) -> str:
    """Markdown to sanitised HTML, once per distinct text: a summary appears on its council page,
    its compare table and in search, and Python-Markdown is the slowest step of the build."""
    return sanitize(_markdown().reset().convert(text))


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
    words = ds.CERTAINTY.get(certainty, "")
    out = Markup('<time datetime="{}">{}</time>').format(ds.as_date(value) or "", text)
    if words:
        out += Markup(' <span class="far-certainty">({})</span>').format(words)
    return out


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
    )
    env.filters.update(md=render_markdown, human_date=human_date, dated=dated, plain=plain_text)
    env.globals.update(
        NATIONS=ds.NATIONS,
        REGIONS=ds.REGIONS,
        COUNCIL_TYPES=ds.COUNCIL_TYPES,
        STATUSES=ds.STATUSES,
        USE_LABELS=ds.USE_LABELS,
        USE_KINDS=ds.USE_KINDS,
        CODED=ds.CODED,
        REPORTS=ds.REPORTS,
        SYSTEM_STATUS=ds.SYSTEM_STATUS,
        REPORTING=ds.REPORTING,
        slugify=ds.slugify,
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
