"""Render the generated pages on every core at once, before MkDocs asks for them one at a time.

MkDocs renders pages one after another on one core; the register's generated pages (a page per
authority, compare question, supplier and system) are most of a large build and depend only on
the dataset and their URL. Here they are rendered by forked worker processes, which share the
dataset with the build without copying or pickling it, and MkDocs is handed each page's result
when it reaches the page. The result is byte for byte what rendering in order gives.

It runs only where forking is safe and pays: a plain build (not `mkdocs serve`), a process with
no other thread (forking one that has threads can copy a held lock), a system that forks, two or
more cores, and at least `MIN_PAGES` pages. Otherwise, or if any page fails, nothing is rendered
ahead and each page is rendered in order, where an error is reported as it always was.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor

from . import held
from .pages import Rendered, Renderer

log = logging.getLogger("mkdocs.plugins.site_builder")

MIN_PAGES = 200
MAX_WORKERS = 8
OFF = "FAR_NO_PARALLEL"
"""Set this environment variable (to anything) to render every page in order."""

_JOBS: dict[str, tuple[Renderer, str]] = {}


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _render(src_uri: str) -> tuple[str, Rendered]:
    renderer, url = _JOBS[src_uri]
    return src_uri, held.pack(renderer(url))  # compressed here, on every core


def prerender(jobs: dict[str, tuple[Renderer, str]]) -> dict[str, Rendered]:
    """Each page's rendering, by source path, from `jobs` (its renderer and URL); empty when the
    pages are better rendered in order (see the module's docstring)."""
    workers = min(MAX_WORKERS, cores())
    if (
        len(jobs) < MIN_PAGES
        or workers < 2
        or os.environ.get(OFF)
        or threading.active_count() > 1
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return {}
    _JOBS.clear()
    _JOBS.update(jobs)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return dict(pool.map(_render, list(jobs), chunksize=max(1, len(jobs) // (workers * 8))))
    except Exception as problem:  # noqa: BLE001 - rendered again in order, where the error is reported
        log.debug("Rendering pages in order: %s", problem)
        return {}
    finally:
        _JOBS.clear()
