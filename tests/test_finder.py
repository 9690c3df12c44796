"""The register's names in the search page: short names, other names, and safe JSON."""

from __future__ import annotations

import json

import pytest

from site_builder import finder
from site_builder.dataset import Council, Dataset


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("London Borough of Brent", "brent"),
        ("Devon County Council", "devon"),
        ("City of York Council", "york"),
        ("Westminster City Council", "westminster"),
        ("Brighton & Hove City Council", "brighton and hove"),
        ("Rhondda Cynon Taf County Borough Council", "rhondda cynon taf"),
        ("Council of the Isles of Scilly", "isles of scilly"),
        # "corporation" is part of the name, not a kind of council: "London" alone stays London's
        ("City of London Corporation", "london corporation"),
        ("Ynys Môn County Council", "ynys mon"),
    ],
)
def test_short_name_leaves_out_only_the_kind_of_authority(name: str, short: str):
    assert finder.short_name(name) == short


def council(slug: str, name: str, **extra: object) -> Council:
    return Council({"slug": slug, "name": name, **extra})


def test_every_name_a_reader_may_type_is_listed_once():
    found = finder.names(council("hull", "Kingston upon Hull City Council", other_names=["Hull City Council"]))
    assert found == ["kingston upon hull city council", "kingston upon hull", "hull city council", "hull"]


def test_the_json_cannot_end_its_script_element():
    hostile = council("x", "</script><script>alert(1)</script> & Co Council")
    text = finder.register_json(Dataset({"x": hostile}, {}, []))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == [[hostile.name, "councils/x/", finder.names(hostile)]]
