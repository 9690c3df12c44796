"""The MkDocs plugin: a thin layer that hands each build event to the pure modules."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import (
    assets,
    changes,
    contact,
    downloads,
    feed,
    held,
    jinja_cache,
    pages,
    parallel,
    redirects,
    regions,
    search,
    shared_parts,
    unused_css,
)
from .blocks import UnknownBlock
from .context import Site
from .dataset import Dataset, build_dataset
from .draft import check as draft_check
from .history import read_history
from .loader import load_content, symlinks
from .records import Problem, printable

log = get_plugin_logger(__name__)
# While previewing, record problems are printed through a logger of its own: MkDocs' strict mode
# counts warnings on its own loggers and would stop the preview build, leaving the browser waiting.
preview_log = logging.getLogger("site_builder.preview")
# The register's own pages, shown with the problems when a preview starts from broken records.
MAIN_PAGES = ("councils/index.md", "compare/index.md", "coverage/index.md", "suppliers/index.md", "exemptions/index.md")


class RegisterConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Build the register's pages at all (off gives a plain MkDocs site)."""
    content_dir = c.Type(str, default="content")
    """The records folder, relative to mkdocs.yml."""
    branch = c.Type(str, default="main")
    """The branch that "edit this record" links point at."""
    search = c.Type(bool, default=True)
    """Build the Pagefind search index after the site (off only to speed up experiments)."""


class RegisterPlugin(BasePlugin[RegisterConfig]):
    """Hands each MkDocs build event to the plain modules; keeps no page logic of its own."""

    def __init__(self) -> None:
        self.dataset: Dataset | None = None
        self.renderers: dict[str, pages.Renderer] = {}
        self.rendered: dict[str, pages.Rendered] = {}
        self.rendered_ahead: dict[str, tuple[str, pages.Rendered]] = {}  # (URL, page), rendered on every core
        self.held: dict[str, bytes] = {}  # generated pages' HTML, compressed until written (`held`)
        self.index_pages: search.Pages | None = None  # what Pagefind indexes, page by page
        self.indexing: search.Indexing | None = None  # Pagefind, running from `on_env` to `on_post_build`
        self.serving = False
        self.nav_urls: frozenset[str] = frozenset()  # every navigation entry's URL (`shared_parts`)
        self.problems: list[Problem] = []
        self.generated: list[str] = []  # the generated pages of the last good build
        self.drafts: list[draft_check.Draft] = []  # draft records: previewed under a banner, never built

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Fills `serving`: a preview shows record problems in the browser instead of stopping."""
        # Defining on_startup also keeps this one plugin object for the whole of `mkdocs serve`.
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        """Empties `serving` and `generated`."""
        self.serving, self.generated = False, []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Fills `root`, `content_dir` and `site` (addresses, history, version); sets SOURCE_DATE_EPOCH."""
        self.root = Path(config.config_file_path).parent.resolve()
        self.content_dir = (self.root / self.config.content_dir).resolve()
        if not self.config.enabled:
            return config
        history = read_history(self.root, self.content_dir)
        email = contact.read(config.extra)
        if contact.problem(email):
            log.warning(contact.problem(email))
            email = ""
        elif not email:
            log.info(contact.UNSET)
        # The theme's footer reads the checked address only: a placeholder is never published.
        config.extra["far_contact_email"] = email
        self.site = Site(
            site_url=_with_slash(config.site_url or ""),
            repo_url=(config.repo_url or "").rstrip("/"),
            branch=self.config.branch,
            history=history,
            version=_version(),
            record_changes=changes.read_changes(self.root, self.content_dir),
            contact_email=email,
        )
        # MkDocs stamps the sitemap and its gzip with the build time unless told otherwise; the
        # commit's time makes two builds of one commit byte-identical.
        if history.head and history.head.date and "SOURCE_DATE_EPOCH" not in os.environ:
            epoch = int(dt.datetime.fromisoformat(history.head.date).timestamp())
            os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
        return config

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation | None:
        """Notes which URLs the navigation links, for the parts of the theme pages share."""
        self.nav_urls = shared_parts.nav_urls(nav.items)
        return None

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        """The theme's templates are compiled once and kept (`jinja_cache`), not on every build.
        Every page has been read by now: Pagefind starts indexing `index_pages` in the background
        (the text bundle beside the main one, when a page has prose for it), on the other cores,
        while MkDocs puts the pages in the theme and the downloads are written."""
        if env.bytecode_cache is None:
            env.bytecode_cache = jinja_cache.bytecode_cache("mkdocs theme")
        if self.index_pages is not None and self.indexing is None:
            pages = self.index_pages
            self.indexing = search.Indexing(Path(config.site_dir), pages.root, pages.text if pages.text_pages else None)
        # the navigation is rendered once for each folder of pages outside it (theme/main.html)
        env.globals["far_shared"] = shared_parts.Parts(self.nav_urls)
        # the search page offers the text bundle only when there is one (theme/search.html)
        env.globals["far_text_search"] = self.index_pages is not None and self.index_pages.text_pages > 0
        return env

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Callable[..., Any]) -> Any:
        """Reads `content_dir`: `mkdocs serve` rebuilds when a record changes."""
        if self.config.enabled:
            server.watch(str(self.content_dir))
        return server

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        """Fills `dataset` from the records, `problems`, and `renderers` (one per generated page, by
        source path). While previewing broken records, `dataset` stays empty and the register's pages
        show the problems instead."""
        if not self.config.enabled:
            return files
        content, problems = load_content(self.content_dir)
        problems += symlinks(Path(config.docs_dir).resolve(), self.root)
        self.problems = problems
        self.renderers = {}
        self.rendered = {}
        self.held = {}
        self.drafts = []
        if problems:
            listing = "\n".join(f"  {p}" for p in problems)
            if not self.serving:
                raise PluginError(
                    f"{len(problems)} problem(s) in the records; nothing was built:\n{listing}\n"
                    "Run `python -m site_builder validate` to check records without building."
                )
            # Previewing: show the problems on the register's pages and on every other page, and
            # keep watching; saving the fixed record rebuilds the real pages.
            preview_log.error(
                "%d problem(s) in the records; the preview shows them until they are fixed:\n%s",
                len(problems),
                listing,
            )
            self.dataset = None
            generated: dict[str, pages.Renderer] = dict.fromkeys(self.generated or MAIN_PAGES, self._problems_page)
        else:
            self.drafts = draft_check.drafts(content.responses)
            if self.drafts and not self.serving:
                raise PluginError(draft_check.refusal(self.drafts))
            for notice in content.register.notices if content.register is not None else []:
                log.info(notice)  # a curated entry that repeats the dataset: worth tidying, not an error
            for warning in content.warnings:
                log.warning("%s", warning)
            self.dataset = build_dataset(content)
            generated = pages.generated_pages(self.dataset, self.site)
            self._end_indexing()
            self.index_pages = search.Pages() if self.config.search else None
            self.generated = list(generated)
        jobs: dict[str, tuple[pages.Renderer, str]] = {}
        for src_uri, renderer in generated.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            file = File.generated(config, src_uri, content="")
            files.append(file)
            self.renderers[src_uri] = renderer
            jobs[src_uri] = (renderer, file.url)
        # On every core at once, when that is safe and pays (`parallel`); else each page in order.
        ahead = {} if self.serving or self.dataset is None else parallel.prerender(jobs)
        self.rendered_ahead = {src_uri: (jobs[src_uri][1], rendered) for src_uri, rendered in ahead.items()}
        return files

    def _problems_page(self, url: str) -> pages.Rendered:
        return pages.Rendered(
            pages.heading("The records have problems", "problems") + problems_html(self.problems),
            {"title": "The records have problems", "far_kind": "problems"},
        )

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Reads `renderers`; fills `rendered[src_uri]` with the page's whole rendering, and the
        page's meta (title, description, `far_kind`) from it."""
        if not self.config.enabled:
            return markdown
        renderer = self.renderers.get(page.file.src_uri)
        if renderer is not None:
            # A page rendered ahead was rendered for the URL its file had; a plugin could change it.
            ahead = self.rendered_ahead.pop(page.file.src_uri, None)
            rendered = ahead[1] if ahead is not None and ahead[0] == page.url else renderer(page.url)
            markdown = ""
        elif self.dataset is None:
            return markdown
        else:
            try:
                markdown, rendered = pages.expand_markers(markdown, self.dataset, page.url, self.site)
            except UnknownBlock as error:
                raise PluginError(str(error)) from error
        page.meta.update(rendered.meta)
        self.rendered[page.file.src_uri] = rendered
        return markdown

    @event_priority(-50)
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Reads and empties `rendered[src_uri]`: a generated page's HTML and table of contents, or
        the blocks a hand-written page's markers stand for."""
        if not self.config.enabled:
            return html
        content = draft_check.banner(self.drafts, page.url) + self._content(html, page)
        # A page on a template of its own (the search page) is outside theme/main.html's
        # data-pagefind-body, so not indexed.
        if self.index_pages is not None and "template" not in page.meta:
            packed = self.held.get(page.file.src_uri)
            self.index_pages.add(
                page.file.dest_uri,
                page.title or config.site_name,
                held.fill(content, packed) if packed is not None else content,
                no_code=page.meta.get("far_index_code") is False,
            )
        return content

    def _content(self, html: str, page: Page) -> str:
        rendered = self.rendered.pop(page.file.src_uri, None)
        if rendered is None:
            return problems_html(self.problems) + html if self.problems else html
        if not rendered.generated:
            return pages.fill_markers(html, rendered)
        page.toc = get_toc(pages.page_toc(page.title or "", rendered.toc))  # type: ignore[arg-type]  # the TOC tokens MkDocs builds, as dicts
        rendered = held.pack(rendered)
        if not rendered.packed:
            page.present_anchor_ids = held.anchor_ids(rendered.html)
            return rendered.html
        # MkDocs learns a page's anchors from its Markdown; these pages have none, so say them.
        page.present_anchor_ids = set(rendered.ids)
        self.held[page.file.src_uri] = rendered.packed
        return held.MARK

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        """Reads and empties `held[src_uri]`: a generated page's HTML goes where MkDocs put the
        mark. Wide tables can be scrolled by keyboard and are named for screen readers."""
        if not self.config.enabled:
            return output
        packed = self.held.pop(page.file.src_uri, None)
        if packed is not None:
            try:
                output = held.fill(output, packed)
            except ValueError as error:
                raise PluginError(f"{page.file.src_uri}: {error}") from error
        return regions.label_scroll_regions(output)

    @event_priority(-100)  # last: the index, started in `on_env`, is finished once everything else is written
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Reads `dataset` and `site`: writes the downloads, feed and redirects, then the search index.
        The stylesheets and scripts every page links (extra_css, extra_javascript) lose their
        comment lines and indentation (`assets`), and Material's stylesheet the rules no page or
        script of the site can use (`unused_css`), while Pagefind finishes the index."""
        if not self.config.enabled:
            return
        site_dir = Path(config.site_dir)
        assets.trim_files(site_dir, [str(f) for f in [*config.extra_css, *config.extra_javascript]])
        if self.dataset is None:
            return
        try:
            downloads.write_downloads(self.dataset, site_dir, self.site.site_url, self.site.version)
            (site_dir / "feed.xml").write_bytes(feed.atom(self.dataset, self.site))
            (site_dir / feed.STYLESHEET).write_bytes(feed.stylesheet())
            redirects.write_redirects(self.dataset, site_dir, self.site.site_url)
            for name, (before, after) in unused_css.purge_site(
                site_dir, sorted((site_dir / "assets" / "stylesheets").glob("main.*.css"))
            ).items():
                log.debug("%s: %d -> %d bytes without the rules no page uses", name, before, after)
            if self.indexing is not None:
                self.indexing.finish()
        finally:
            self._end_indexing()

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build stops the index being made of its pages."""
        self._end_indexing()

    def _end_indexing(self) -> None:
        if self.indexing is not None:
            self.indexing.stop()
        if self.index_pages is not None:
            self.index_pages.remove()
        self.indexing = self.index_pages = None


def _with_slash(url: str) -> str:
    return url if not url or url.endswith("/") else url + "/"


def _version() -> str:
    try:
        return metadata.version("council-analytics-foi-register")
    except metadata.PackageNotFoundError:  # running from a source tree without installing
        return "0.0.0"


def problems_html(problems: list[Problem]) -> str:
    """The record problems as a box at the top of a preview page (file, line, field, message)."""
    items = "".join(
        f"<li><code>{escape(printable(p.path))}:{p.line}</code> <code>{escape(printable(p.field or '(file)'))}</code>: "
        f"{escape(printable(p.message))}</li>"
        for p in problems
    )
    return (
        '<div class="admonition failure" role="alert" id="far-record-problems">'
        f'<p class="admonition-title">{len(problems)} problem(s) in the records</p>'
        f"<ul>{items}</ul>"
        "<p>The register's pages are built again when the records are fixed; this page reloads "
        "when you save. <code>python -m site_builder validate</code> lists the same problems.</p></div>\n"
    )
