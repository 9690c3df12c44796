"""The search index: Pagefind's command-line tool, run over the built site.

Two bundles. `pagefind/` holds what a reader searches for first: names, facts, coded answers,
systems and suppliers, headings. `pagefind-text/` holds the register's prose, which templates
mark `data-far-text` (answer summaries, notes, request summaries, what reports say): the same
common words ("analytics", "children") stand dozens of times on every council page there, and in
the first bundle they made the index entry every broad first search downloads several times
larger. The search page searches the text bundle when the reader asks, or when the first finds
nothing (docs/assets/far-search.js)."""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cbor2
from markupsafe import escape
from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.site_builder")

TEXT_SELECTOR = "[data-far-text]"

# Pagefind indexes only elements inside [data-pagefind-body] (set by theme/main.html), and
# within them skips what is navigation rather than content.
EXCLUDE = [
    # navigation and controls
    ".headerlink",
    ".md-content__button",
    ".far-filters",
    ".far-count",
    ".far-contents",
    ".far-anchor",
    ".far-cite",
    ".far-history",
    ".far-latest",
    ".far-progress",
    ".far-record",
    # wording every council page repeats (question texts, field labels): it finds no council, and
    # indexing it made the common words' entries, which every first search downloads, many times larger
    ".far-question",
    ".far-facts dt",
    ".far-meta dt",
    ".far-coded dt",
    ".far-evidence__title",
    ".far-location",
    ".far-story__list",
    # what a council page says of every authority alike (what a status or a code means) and what
    # restates a fact indexed once already: an answer's evidence (the reply's own words for what
    # the answer's summary says), the list of sources, and the notes on how sure each date is.
    # Each made every common word's entry, which a first search downloads, larger; the summaries,
    # coded answers, names and systems stay, so the council page is still where a search lands.
    ".far-explain",
    ".far-evidence",
    ".far-sources",
    ".far-request > .far-note",
    # (council.html also marks a request's title data-pagefind-ignore where its heading has it)
    # the changes page names every council it lists; a search for a council should land on the
    # council's page, not on the list of changes (38 KB of fragment for one name at 10,000)
    ".far-changes",
    # a table's column headings, which Pagefind would run together into one word in an excerpt
    "thead",
    # file paths, commands and field names on the pages for contributors (front matter
    # `far_index_code: false`): a reader's search should not find them
    "[data-far-no-code] code",
    "[data-far-no-code] pre",
    # the register's prose, indexed in the text bundle instead (see the module's docstring)
    TEXT_SELECTOR,
]

TEXT_BUNDLE = "pagefind-text"
"""The folder of the site that holds the text bundle."""

TEXT_EXCLUDE = [selector for selector in EXCLUDE if selector != TEXT_SELECTOR]

# A `data-far-text` attribute of a tag: after the tag's name and whole attributes, never inside an
# attribute's value (a link title a contributor wrote) or in text (where `<` is always escaped).
_ATTRIBUTE = r"""\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?"""
_TEXT_MARK = re.compile(rf"(<[a-z][a-z0-9]*(?:{_ATTRIBUTE})*?\s)data-far-text(?=[\s/>])")

# What a page's copy for the text bundle keeps: its first `<h1>` (Pagefind's title), each element
# that gives Pagefind a filter, meta or sort value, and each marked element. Each is found by its
# literal name first (Python's string search is many times faster than a pattern tried at every
# `<`), then checked to be in a real tag: the `<` before it starts a tag that has it as an attribute.
_KEPT_NAMES = ("data-far-text", "data-pagefind-filter", "data-pagefind-meta", "data-pagefind-sort")
_TAG_WITH = {name: re.compile(rf"<([a-z][a-z0-9]*)(?:{_ATTRIBUTE})*?\s{name}(?=[\s/>=])") for name in _KEPT_NAMES}
_START_TAG_REST = re.compile(rf"(?:{_ATTRIBUTE})*\s*/?>")
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)


@functools.cache
def _same_name(name: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){name}(?=[\s/>])")


def _element_end(html: str, start: int, name: str) -> int | None:
    """Where the element whose start tag is at `start` ends: just after its end tag, counting
    nested elements of the same name. None if it does not end (then the page is copied whole)."""
    rest = _START_TAG_REST.match(html, start + 1 + len(name))
    if rest is None:
        return None
    if name in _VOID:
        return rest.end()
    depth = 1
    for tag in _same_name(name).finditer(html, rest.end()):
        if not tag.group(1):
            depth += 1
            continue
        depth -= 1
        if depth == 0:
            close = html.find(">", tag.end())
            return None if close < 0 else close + 1
    return None


def _kept_tags(content: str) -> list[tuple[int, str, bool]]:
    """(start, tag name, marked) of each tag the text copy keeps, in document order."""
    found: dict[int, tuple[str, bool]] = {}
    heading = content.find("<h1")
    if heading >= 0 and content[heading + 3 : heading + 4] in (">", " ", "\n", "\t"):
        found[heading] = ("h1", False)
    for name in _KEPT_NAMES:
        at = content.find(name)
        while at >= 0:
            start = content.rfind("<", 0, at)
            tag = _TAG_WITH[name].match(content, start) if start >= 0 else None
            if tag is not None and tag.end() == at + len(name) and start not in found:
                found[start] = (tag.group(1), name == "data-far-text")
            at = content.find(name, at + len(name))
    return [(start, *found[start]) for start in sorted(found)]


def _text_parts(content: str) -> tuple[list[tuple[int, int, bool]], bool] | None:
    """The elements the text bundle's copy of `content` keeps, as (start, end, marked) in document
    order (one inside another kept only as part of it), and whether a first `<h1>` is among them;
    None if one of them does not end."""
    parts: list[tuple[int, int, bool]] = []
    heading = False
    position = 0
    for start, name, marked in _kept_tags(content):
        if start < position:
            continue
        end = _element_end(content, start, name)
        if end is None:
            return None
        heading = heading or name == "h1"
        parts.append((start, end, marked))
        position = end
    return parts, heading


TIMEOUT_S = 1800
"""Pagefind indexes 10,000 responses in under a minute; this long means it hangs."""


def pagefind_binary() -> Path:
    """The Pagefind executable that the `pagefind[bin]` package installs."""
    from pagefind_bin import get_executable

    return Path(get_executable())


def options(output: Path, exclude: list[str] | None = None) -> dict[str, Any]:
    """Pagefind's configuration (its `pagefind.json`), the same on every machine."""
    return {
        "exclude_selectors": EXCLUDE if exclude is None else exclude,
        "force_language": "en",
        "output_path": str(output),
    }


class Run:
    """Pagefind's command-line tool indexing `site_dir` into `output`, started at once and run in
    the background; `wait` returns its log.

    The command-line tool indexes the same pages with the same options 1.7 times as fast as
    Pagefind's Python API (which sends every page through a service process), and writes its files
    itself before it exits. It runs in an empty folder holding only our configuration, so no
    `pagefind.yml` of the project or `PAGEFIND_*` variable of the shell changes the index. Its
    output goes to a file, not a pipe, so a long log cannot fill a pipe nobody reads and stall it."""

    def __init__(self, site_dir: Path, output: Path, exclude: list[str] | None = None) -> None:
        env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND")}
        self.folder = tempfile.TemporaryDirectory(prefix="far-pagefind-")
        folder = Path(self.folder.name)
        (folder / "pagefind.json").write_text(json.dumps(options(output, exclude)), encoding="utf-8")
        self.log = (folder / "pagefind.log").open("w+", encoding="utf-8", errors="replace")
        self.proc = subprocess.Popen(
            [str(pagefind_binary()), "--site", str(site_dir)],
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait(self) -> str:
        try:
            code = self.proc.wait(timeout=TIMEOUT_S)
            self.log.seek(0)
            text = self.log.read()
        finally:
            self.stop()
        if code != 0:
            tail = " / ".join(text.strip().splitlines()[-5:])
            raise RuntimeError(f"pagefind exited with code {code}: {tail}")
        return text

    def stop(self) -> None:
        """Ends the process if it still runs (the build failed, or it timed out) and tidies up."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        self.folder.cleanup()


def _index(site_dir: Path, source: Path | None = None, bundle: str = "pagefind") -> int:
    """Index the site (or the pages in `source`) into `site_dir/bundle/`; the number of pages
    Pagefind says it indexed."""
    exclude = TEXT_EXCLUDE if bundle == TEXT_BUNDLE else EXCLUDE
    return _pages(Run((source or site_dir).resolve(), (site_dir / bundle).resolve(), exclude).wait())


def _pages(log_text: str) -> int:
    found = _PAGES.findall(log_text)
    return int(found[-1]) if found else 0


_PAGES = re.compile(r"Indexed (\d+) pages?")


_MAGIC = b"pagefind_dcd"


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_MAGIC):
        raise ValueError(f"{path.name} is not a Pagefind data file")
    return cbor2.loads(raw[len(_MAGIC) :])


def _encode(value: Any) -> bytes:
    return gzip.compress(_MAGIC + cbor2.dumps(value), mtime=0)


def _name(lang: str, data: bytes, length: int) -> str:
    return f"{lang}_{hashlib.sha256(data).hexdigest()[:length]}"


def make_deterministic(bundle: Path) -> None:
    """Pagefind writes each filter's values in hash-map order, which changes from run to run, and
    names files by their content, so every build differed. Sort the values, rename the filter
    files, and rewrite the metadata and entry files that point at them.
    Upstream: https://github.com/Pagefind/pagefind/issues/638 (fragments are stable since 1.3.0;
    "other files will still change, such as the filter/metadata indexes"). Filter chunks are CBOR
    behind a magic prefix, gzipped."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    for lang, info in entry["languages"].items():
        renames: dict[str, str] = {}
        for path in sorted((bundle / "filter").glob(f"{lang}_*.pf_filter")):
            name, values = _read(path)
            data = _encode([name, sorted(values, key=lambda v: v[0])])
            new = _name(lang, data, 7)
            path.unlink()
            (bundle / "filter" / f"{new}.pf_filter").write_bytes(data)
            renames[path.stem] = new
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        meta = [_renamed(part, renames) for part in meta]
        data = _encode(meta)
        new_meta = _name(lang, data, 10)
        meta_path.unlink()
        (bundle / f"pagefind.{new_meta}.pf_meta").write_bytes(data)
        info["hash"] = new_meta
    entry_path.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")


def _renamed(part: Any, renames: dict[str, str]) -> Any:
    """In the metadata, the filter list is a list of [filter name, file hash] pairs."""
    if isinstance(part, list) and part and all(isinstance(p, list) and len(p) == 2 and p[1] in renames for p in part):
        return sorted(([name, renames[old]] for name, old in part), key=lambda p: p[0])
    return part


class _Reference:
    """The files Pagefind writes the same for every site (its scripts, styles and WebAssembly),
    as this version of Pagefind makes them: from a one-page index in a folder of its own."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="far-pagefind-ref-")
        site = Path(self.folder.name) / "site"
        site.mkdir()
        (site / "index.html").write_text(
            '<html lang="en"><body><main data-pagefind-body><p>x</p></main></body></html>', encoding="utf-8"
        )
        self.bundle = Path(self.folder.name) / "bundle"
        self.run = Run(site, self.bundle)

    def files(self) -> dict[str, bytes]:
        try:
            self.run.wait()
            found = {
                p.relative_to(self.bundle).as_posix(): p.read_bytes() for p in self.bundle.rglob("*") if p.is_file()
            }
        finally:
            self.stop()
        return {path: data for path, data in found.items() if _static(path)}

    def stop(self) -> None:
        self.run.stop()
        self.folder.cleanup()


def _static(path: str) -> bool:
    """A file that is the same whatever the site holds (not the entry, metadata or a chunk)."""
    return "/" not in path and not path.endswith((".pf_meta", ".json"))


_REFERENCE: dict[str, bytes] = {}
_REFERENCE_AHEAD: list[_Reference] = []  # started beside the site's own index, see `start_index`


def reference_files() -> dict[str, bytes]:
    if not _REFERENCE:
        reference = _REFERENCE_AHEAD.pop() if _REFERENCE_AHEAD else _Reference()
        _REFERENCE.update(reference.files())
    return _REFERENCE


def check_bundle(bundle: Path, reference: dict[str, bytes] | None = None) -> None:
    """Raise unless every file of the bundle is complete: each script, style and WebAssembly file
    byte for byte as Pagefind makes it, the entry, the metadata, and every index, filter and
    fragment chunk (each is gzip, whose length and checksum show a file cut short).

    Pagefind's Python API stopped its process as soon as it acknowledged the write; on a busy
    machine that left the last files empty, or cut at 131,072 bytes. The command-line tool writes
    its own files before it exits, but a full disk or a killed process can still cut one short."""
    empty = sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file() and not p.stat().st_size)
    if empty:
        raise ValueError(f"empty files in the bundle: {', '.join(empty[:5])}")
    for file_name, data in (reference_files() if reference is None else reference).items():
        path = bundle / file_name
        if not path.is_file():
            raise ValueError(f"{file_name} is missing")
        size = path.stat().st_size
        if size != len(data) or path.read_bytes() != data:
            raise ValueError(f"{file_name} is incomplete: {size:,} bytes where Pagefind makes {len(data):,}")
    for folder, suffix in (("index", ".pf_index"), ("filter", ".pf_filter"), ("fragment", ".pf_fragment")):
        for path in sorted((bundle / folder).glob(f"*{suffix}")):
            try:
                gzip.decompress(path.read_bytes())
            except (OSError, EOFError) as problem:
                raise ValueError(f"{folder}/{path.name} is incomplete ({problem})") from problem
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    for info in entry["languages"].values():
        meta = _read(bundle / f"pagefind.{info['hash']}.pf_meta")
        for part in meta:
            for item in part if isinstance(part, list) else []:
                name = item[0] if isinstance(item, list) and item and isinstance(item[0], str) else None
                if name and (bundle / "index" / f"{name}.pf_index").exists():
                    _read(bundle / "index" / f"{name}.pf_index")
                elif isinstance(item, list) and len(item) == 2 and isinstance(item[1], str):
                    _read(bundle / "filter" / f"{item[1]}.pf_filter")


def build_index(site_dir: Path, attempts: int = 3) -> int:
    """Index the built site into `site_dir/pagefind/`; returns the number of pages indexed."""
    return _finish(site_dir, None, attempts)


class Pages:
    """What Pagefind indexes of each page, written as the build reads it: the part of the page
    inside `data-pagefind-body` (the page's content, as theme/main.html wraps it) in a page of its
    own, at the path the page will have in the site. Pagefind can then index every page while
    MkDocs is still putting them in the theme, instead of after, and reads none of the theme's
    header, navigation and scripts, which it would parse and skip. The index is the one indexing
    the finished site gives (tests/test_search.py compares the two).

    A page with prose marked `data-far-text` is written a second time under `text`, for the text
    bundle, holding only its first heading, the elements with Pagefind filters, meta or sorts, and
    the marked elements, each a `data-pagefind-body` of its own: the bundle holds the prose alone,
    with the page's title and filters (Pagefind reads those from the whole page). The main copy
    leaves the marked elements out. Pagefind reads a little over half the bytes it read with the
    whole page in both copies."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="far-index-pages-")
        self.root = Path(self.folder.name) / "pages"
        self.text = Path(self.folder.name) / "text"
        self.root.mkdir()
        self.text.mkdir()
        self.text_pages = 0

    def add(self, dest_uri: str, title: str, content: str, no_code: bool = False) -> None:
        """`content` is the page's HTML as the theme places it; `title` is what Material's
        template puts above it when it has no heading of its own."""
        heading = "" if "<h1" in content else f"<h1>{escape(title)}</h1>"
        main, text = content, ""
        if "data-far-text" in content:
            found = _text_parts(content)
            if found is None:  # not HTML this can read: the text copy is the whole page, marked
                whole, marked = _TEXT_MARK.subn(r"\1data-far-text data-pagefind-body", content)
                text = heading + whole if marked else ""
            elif any(marked for _, _, marked in found[0]):
                parts, has_heading = found
                text = ("" if has_heading else heading) + "".join(
                    _TEXT_MARK.sub(r"\1data-far-text data-pagefind-body", content[start:end], count=1)
                    if marked
                    else content[start:end]
                    for start, end, marked in parts
                )
                # `EXCLUDE` leaves the marked prose out of the main bundle; cutting it from the main
                # copy too saves Pagefind reading it (kept where it holds a Pagefind value)
                cut = [(s, e) for s, e, marked in parts if marked and "data-pagefind-" not in content[s:e]]
                if cut:
                    ends = [0, *(e for _, e in cut)]
                    main = "".join(content[ends[i] : s] for i, (s, _) in enumerate(cut)) + content[ends[-1] :]
        body = f"<div data-pagefind-body{' data-far-no-code' if no_code else ''}>{heading}{main}</div>"
        _write_page(self.root / dest_uri, body)
        if text:
            _write_page(self.text / dest_uri, text)
            self.text_pages += 1

    def remove(self) -> None:
        self.folder.cleanup()


def _write_page(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body>{body}</body></html>',
        encoding="utf-8",
    )


class Indexing:
    """The site's index, started now in the background while the build goes on. `finish` waits
    for it and then does what `build_index` does after indexing (checks every file, indexes again
    if one was cut short) and returns the page count; `stop` ends it instead, when the build fails
    in between. `source` is the folder of pages to index: the site's own, or a `Pages` folder;
    `text`, when given, is a folder of pages for the text bundle, indexed beside it."""

    def __init__(self, site_dir: Path, source: Path | None = None, text: Path | None = None) -> None:
        self.site_dir = site_dir
        self.source = source
        self.text = text
        shutil.rmtree(site_dir / "pagefind", ignore_errors=True)
        shutil.rmtree(site_dir / TEXT_BUNDLE, ignore_errors=True)
        self.run = Run((source or site_dir).resolve(), (site_dir / "pagefind").resolve())
        self.text_run = (
            Run(text.resolve(), (site_dir / TEXT_BUNDLE).resolve(), TEXT_EXCLUDE) if text is not None else None
        )
        if not _REFERENCE and not _REFERENCE_AHEAD:  # Pagefind's own files, to check the bundle by
            _REFERENCE_AHEAD.append(_Reference())

    def finish(self) -> int:
        pages = _finish(self.site_dir, lambda: _pages(self.run.wait()), 3, self.source)
        if self.text_run is not None:
            text_run = self.text_run
            _finish(self.site_dir, lambda: _pages(text_run.wait()), 3, self.text, TEXT_BUNDLE)
        return pages

    def stop(self) -> None:
        self.run.stop()
        if self.text_run is not None:
            self.text_run.stop()
        while _REFERENCE_AHEAD:
            _REFERENCE_AHEAD.pop().stop()


def _finish(
    site_dir: Path,
    first: Callable[[], int] | None,
    attempts: int,
    source: Path | None = None,
    name: str = "pagefind",
) -> int:
    bundle = site_dir / name
    try:
        for attempt in range(1, attempts + 1):
            if attempt == 1 and first is not None:
                pages = first()
            else:
                shutil.rmtree(bundle, ignore_errors=True)
                pages = _index(site_dir, source, name)
            try:
                check_bundle(bundle)
                break
            except (OSError, ValueError, EOFError, KeyError, cbor2.CBORDecodeError) as problem:
                if attempt == attempts:
                    raise ValueError(
                        f"the search bundle was incomplete after {attempts} attempts: {problem}"
                    ) from problem
                log.info("Search index was incomplete (%s); indexing again.", problem)
        make_deterministic(bundle)
        if name == TEXT_BUNDLE:  # searched through the main bundle's scripts and WebAssembly only
            for file_name in reference_files():
                (bundle / file_name).unlink()
    except Exception as exc:  # Pagefind runs as a subprocess; any failure must stop the build
        raise PluginError(
            f"search indexing failed: {type(exc).__name__}: {exc} (making {name}/). The site was not completed. "
            "Check that the `pagefind[bin]` package is installed (pip install -e .)."
        ) from exc
    if pages == 0:
        raise PluginError("search indexing found no pages to index; is data-pagefind-body missing from the theme?")
    log.info("Search index (%s/): %d pages indexed with Pagefind.", name, pages)
    return pages
