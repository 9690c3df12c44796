"""Blocks that hand-written pages include with a marker (`<!-- far:NAME argument -->`)."""

from __future__ import annotations

from collections.abc import Callable

from mkdocs.exceptions import PluginError

from .cite import Site
from .dataset import Dataset
from .render import render

Block = Callable[[str, Dataset, str, Site], str]


def _figures(argument: str, data: Dataset, base: str, site: Site) -> str:
    return render("figures.html", base, figures=data.figures())


BLOCKS: dict[str, Block] = {
    "figures": _figures,
}


def render_block(name: str, argument: str, data: Dataset, base: str, site: Site) -> str:
    block = BLOCKS.get(name)
    if block is None:
        raise PluginError(f"unknown block marker 'far:{name}'; known blocks: {', '.join(sorted(BLOCKS))}.")
    return block(argument, data, base, site)


def _field_reference(argument: str, data: Dataset, base: str, site: Site) -> str:
    from . import reference

    return render("field_reference.html", base, titles=reference.TITLES, fields=reference.fields)


BLOCKS["field-reference"] = _field_reference


def _downloads(argument: str, data: Dataset, base: str, site: Site) -> str:
    rows = sum(len(r.answers) for r in data.responses)
    return render("downloads.html", base, figures=data.figures(), rows=rows)


def _data_dictionary(argument: str, data: Dataset, base: str, site: Site) -> str:
    from .downloads import DOWNLOADS

    return render("data_dictionary.html", base, downloads=DOWNLOADS)


BLOCKS["downloads"] = _downloads
BLOCKS["data-dictionary"] = _data_dictionary


def _latest_changes(argument: str, data: Dataset, base: str, site: Site) -> str:
    from .feed import entries

    return render("latest_changes.html", base, entries=entries(data, site)[: int(argument or 10)])


BLOCKS["latest-changes"] = _latest_changes


def _queue(argument: str, data: Dataset, base: str, site: Site) -> str:
    return render("queue.html", base, queue=data.queue())


BLOCKS["queue"] = _queue


def _hexmap(argument: str, data: Dataset, base: str, site: Site) -> str:
    from .coverage import MAP_TITLE
    from .hexmap import render_map

    return render_map(data, base, map_id="home-map", title=MAP_TITLE)


BLOCKS["hexmap"] = _hexmap
