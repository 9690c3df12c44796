"""The MkDocs plugin: a thin layer that hands each build event to the pure modules."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import downloads, feed, pages, redirects, search
from .cite import Site
from .dataset import Dataset, build_dataset
from .history import read_history
from .validate import load_content

log = logging.getLogger("mkdocs.plugins.site_builder")
_ID = re.compile(r'\bid="([^"]+)"')


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
    def __init__(self) -> None:
        self.dataset: Dataset | None = None
        self.renderers: dict[str, Callable[[Page, MkDocsConfig], pages.Rendered]] = {}
        self.blocks: dict[str, str] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.root = Path(config.config_file_path).parent.resolve()
        self.content_dir = (self.root / self.config.content_dir).resolve()
        history = read_history(self.root, self.content_dir)
        self.site = Site(
            site_url=_with_slash(config.site_url or ""),
            repo_url=(config.repo_url or "").rstrip("/"),
            branch=self.config.branch,
            history=history,
        )
        # MkDocs stamps the sitemap and its gzip with the build time unless told otherwise; the
        # commit's time makes two builds of one commit byte-identical.
        if history.head and "SOURCE_DATE_EPOCH" not in os.environ:
            epoch = int(dt.datetime.fromisoformat(history.head.date).timestamp())
            os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
        return config

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Callable[..., Any]) -> Any:
        if self.config.enabled:
            server.watch(str(self.content_dir))
        return server

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        content, problems = load_content(self.content_dir)
        if problems:
            listing = "\n".join(f"  {p}" for p in problems)
            raise PluginError(
                f"{len(problems)} problem(s) in the records; nothing was built:\n{listing}\n"
                "Run `python -m site_builder validate` to check records without building."
            )
        for warning in content.warnings:
            log.warning("%s", warning)
        self.dataset = build_dataset(content)
        self.renderers = {}
        for src_uri, renderer in pages.generated_pages(self.dataset, self.site).items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, src_uri, content=""))
            self.renderers[src_uri] = renderer
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.dataset is None:
            return markdown
        renderer = self.renderers.get(page.file.src_uri)
        if renderer is not None:
            rendered = renderer(page, config)
            page.meta.update(rendered.meta)
            self.blocks[page.file.src_uri] = rendered.html
            page.meta["far_toc"] = rendered.toc
            return ""
        if page.file.src_uri == "data.md":
            page.meta["far_jsonld"] = downloads.jsonld(self.site.site_url, _version())
        markdown, blocks = pages.expand_markers(markdown, self.dataset, page.url, self.site)
        self.blocks.update({f"{page.file.src_uri}#{k}": v for k, v in blocks.items()})
        return markdown

    @event_priority(-50)
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        src = page.file.src_uri
        if src in self.renderers:
            page.toc = get_toc(page.meta.pop("far_toc", []))
            # Council pages outrank other pages that mention the authority's name.
            weight = ' data-pagefind-weight="10"' if src.startswith("councils/") and src != "councils/index.md" else ""
            html = f"<h1{weight}>{escape(page.title)}</h1>\n{self.blocks.pop(src)}"
            # MkDocs learns a page's anchors from its Markdown; these pages have none, so say them.
            page.present_anchor_ids = set(_ID.findall(html))
            return html
        return pages.fill_markers(html, src, self.blocks)

    @event_priority(-100)  # last: Pagefind must see every page and download
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.dataset is None:
            return
        site_dir = Path(config.site_dir)
        downloads.write_downloads(self.dataset, site_dir, self.site.site_url, _version())
        (site_dir / "feed.xml").write_bytes(feed.atom(self.dataset, self.site))
        redirects.write_redirects(self.dataset, site_dir, self.site.site_url)
        if self.config.search:
            search.build_index(site_dir)


def _with_slash(url: str) -> str:
    return url if not url or url.endswith("/") else url + "/"


def _version() -> str:
    try:
        return metadata.version("council-analytics-foi-register")
    except metadata.PackageNotFoundError:  # running from a source tree without installing
        return "0.0.0"
