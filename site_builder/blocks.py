"""Blocks that hand-written pages include with a marker (`<!-- far:NAME argument -->`), in one table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .context import Site
from .dataset import Dataset
from .render import render


class UnknownBlock(ValueError):
    """A marker names a block that is not in `BLOCKS`."""


@dataclass(frozen=True)
class Block:
    """A block's HTML from its argument, the dataset, the relative path to the site root and the site;
    `meta`, when given, is what the block adds to its page's meta (e.g. structured data)."""

    render: Callable[[str, Dataset, str, Site], str]
    meta: Callable[[Dataset, Site], dict[str, Any]] | None = None


def _figures(argument: str, data: Dataset, base: str, site: Site) -> str:
    return render("figures.html", base, figures=data.figures())


def _finder(argument: str, data: Dataset, base: str, site: Site) -> str:
    return render("home_finder.html", base, councils=data.councils_by_name)


def _known(argument: str, data: Dataset, base: str, site: Site) -> str:
    return render("home_known.html", base, figures=data.figures())


def _statuses(argument: str, data: Dataset, base: str, site: Site) -> str:
    from .vocabulary import STATUSES

    return render("statuses.html", base, statuses=list(STATUSES))


def _field_reference(argument: str, data: Dataset, base: str, site: Site) -> str:
    from . import reference

    return render("field_reference.html", base, titles=reference.TITLES, fields=reference.fields)


def _downloads(argument: str, data: Dataset, base: str, site: Site) -> str:
    rows = sum(len(r.answers) for r in data.responses)
    return render("downloads.html", base, figures=data.figures(), rows=rows)


def _dataset_jsonld(data: Dataset, site: Site) -> dict[str, Any]:
    from .downloads import jsonld

    return {"far_jsonld": jsonld(site.site_url, site.version)}


def _data_dictionary(argument: str, data: Dataset, base: str, site: Site) -> str:
    from .downloads import CSV_NOTE, DOWNLOADS

    return render("data_dictionary.html", base, downloads=DOWNLOADS, csv_note=CSV_NOTE)


def _latest_changes(argument: str, data: Dataset, base: str, site: Site) -> str:
    from .feed import entries

    return render("latest_changes.html", base, entries=entries(data, site)[: int(argument or 5)])


def _queue(argument: str, data: Dataset, base: str, site: Site) -> str:
    return render("queue.html", base, queue=data.queue())


def _hexmap(argument: str, data: Dataset, base: str, site: Site) -> str:
    from .coverage import MAP_TITLE
    from .hexmap import render_map

    return render_map(data, base, map_id="home-map", title=MAP_TITLE)


def _council_names(argument: str, data: Dataset, base: str, site: Site) -> str:
    from .finder import register_json

    return f'<script type="application/json" id="far-council-names">{register_json(data)}</script>'


def _contact(argument: str, data: Dataset, base: str, site: Site) -> str:
    return render("contact.html", base, email=site.contact_email)


BLOCKS: dict[str, Block] = {
    "figures": Block(_figures),
    "finder": Block(_finder),
    "known": Block(_known),
    "statuses": Block(_statuses),
    "field-reference": Block(_field_reference),
    "downloads": Block(_downloads, meta=_dataset_jsonld),
    "data-dictionary": Block(_data_dictionary),
    "latest-changes": Block(_latest_changes),
    "queue": Block(_queue),
    "hexmap": Block(_hexmap),
    "council-names": Block(_council_names),
    "contact": Block(_contact),
}


def render_block(name: str, argument: str, data: Dataset, base: str, site: Site) -> tuple[str, dict[str, Any]]:
    """A marker's HTML, and what it adds to its page's meta."""
    block = BLOCKS.get(name)
    if block is None:
        raise UnknownBlock(f"unknown block marker 'far:{name}'; known blocks: {', '.join(sorted(BLOCKS))}.")
    return block.render(argument, data, base, site), block.meta(data, site) if block.meta else {}
