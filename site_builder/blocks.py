"""Blocks that hand-written pages include with a marker (`<!-- far:NAME argument -->`)."""

from __future__ import annotations

from collections.abc import Callable

from mkdocs.exceptions import PluginError

from .dataset import Dataset
from .render import render

Block = Callable[[str, Dataset, str], str]


def _figures(argument: str, data: Dataset, base: str) -> str:
    return render("figures.html", base, figures=data.figures())


BLOCKS: dict[str, Block] = {
    "figures": _figures,
}


def render_block(name: str, argument: str, data: Dataset, base: str) -> str:
    block = BLOCKS.get(name)
    if block is None:
        raise PluginError(f"unknown block marker 'far:{name}'; known blocks: {', '.join(sorted(BLOCKS))}.")
    return block(argument, data, base)


def _field_reference(argument: str, data: Dataset, base: str) -> str:
    from . import reference

    return render("field_reference.html", base, titles=reference.TITLES, fields=reference.fields)


BLOCKS["field-reference"] = _field_reference


def _downloads(argument: str, data: Dataset, base: str) -> str:
    rows = sum(len(r.answers) for r in data.responses)
    return render("downloads.html", base, figures=data.figures(), rows=rows)


def _data_dictionary(argument: str, data: Dataset, base: str) -> str:
    from .downloads import DOWNLOADS

    return render("data_dictionary.html", base, downloads=DOWNLOADS)


BLOCKS["downloads"] = _downloads
BLOCKS["data-dictionary"] = _data_dictionary
