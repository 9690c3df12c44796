"""The search index: Pagefind, run through its Python API over the built site."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.site_builder")

# Pagefind indexes only elements inside [data-pagefind-body] (set by theme/main.html), and
# within them skips what is navigation rather than content.
EXCLUDE = [".headerlink", ".md-content__button", ".far-filters", ".far-count", ".far-contents", ".far-anchor"]


async def _index(site_dir: Path) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    # The index is written when the context closes, to output_path (relative paths would be
    # taken from the working directory, not the site).
    config = IndexConfig(exclude_selectors=EXCLUDE, force_language="en", output_path=str(site_dir / "pagefind"))
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site_dir))
    return int(result.get("page_count", 0))


def build_index(site_dir: Path) -> int:
    """Index the built site into `site_dir/pagefind/`; returns the number of pages indexed."""
    try:
        pages = asyncio.run(_index(site_dir))
    except Exception as exc:  # Pagefind runs as a subprocess; any failure must stop the build
        raise PluginError(
            f"search indexing failed: {type(exc).__name__}: {exc}. The site was not completed. "
            "Check that the `pagefind[bin]` package is installed (pip install -e .)."
        ) from exc
    if pages == 0:
        raise PluginError("search indexing found no pages to index; is data-pagefind-body missing from the theme?")
    log.info("Search index: %d pages indexed with Pagefind.", pages)
    return pages
