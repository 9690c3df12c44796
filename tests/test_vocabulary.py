"""Every coded value has one home, `site_builder/vocabulary.py`, with its label: tied both ways to
the schema enums (as Datasette ties its documentation to its settings), so a value without a label
or a label without a value fails here, and stops the build."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from site_builder import dataset, schema, validate, vocabulary

SCHEMAS = {kind: json.loads(json.dumps(schema.schema(kind))) for kind in schema.KINDS}  # copies


def enums(node: Any, pointer: str = "") -> list[str]:
    """The JSON pointer of every enum in a schema."""
    found = []
    if isinstance(node, dict):
        if "enum" in node:
            found.append(pointer)
        for key, value in node.items():
            found += enums(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += enums(value, f"{pointer}/{i}")
    return found


TIED = {(kind, pointer) for v in vocabulary.ALL for kind, pointer in v.schema}


@pytest.mark.parametrize("kind", schema.KINDS)
def test_every_schema_enum_has_a_vocabulary(kind: str):
    assert [p for p in enums(SCHEMAS[kind]) if (kind, p) not in TIED] == []


@pytest.mark.parametrize("kind", schema.KINDS)
def test_schema_enums_and_vocabularies_agree(kind: str):
    assert vocabulary.mismatches(kind, SCHEMAS[kind]) == []


@pytest.mark.parametrize("vocab", vocabulary.ALL, ids=lambda v: v.name)
def test_every_value_has_a_label_once(vocab: vocabulary.Vocabulary):
    assert len(set(vocab.values)) == len(vocab.values)
    unlabelled = [t.value for t in vocab if not t.label and vocab is not vocabulary.CERTAINTY]
    assert unlabelled == []


def test_a_missing_label_is_found():
    statuses = vocabulary.STATUSES
    without = replace(statuses, terms=tuple(t for t in statuses if t.value != "overdue"))
    extra = replace(statuses, terms=(*statuses.terms, vocabulary.Term("lost", "Lost")))
    original = vocabulary.ALL
    try:
        for changed, phrase in ((without, "have no label"), (extra, "which response.schema.json")):
            vocabulary.ALL = tuple(changed if v is statuses else v for v in original)
            (problem,) = vocabulary.mismatches("response", SCHEMAS["response"])
            assert phrase in problem and "request status" in problem
    finally:
        vocabulary.ALL = original


def test_a_missing_label_stops_the_build(monkeypatch: pytest.MonkeyPatch):
    statuses = vocabulary.STATUSES
    without = replace(statuses, terms=statuses.terms[:-1])
    monkeypatch.setattr(vocabulary, "ALL", tuple(without if v is statuses else v for v in vocabulary.ALL))
    schema.schema.cache_clear()
    try:
        with pytest.raises(schema.VocabularyMismatch, match="'unknown'"):
            schema.schema("response")
    finally:
        monkeypatch.undo()
        schema.schema.cache_clear()


def test_the_old_names_still_read_the_vocabulary():
    assert vocabulary.STATUSES.labels == dataset.STATUSES
    assert dataset.CODED["not_transcribed"] == "Not yet transcribed"
    assert vocabulary.USE_KINDS.values == validate.USE_KINDS
    assert tuple(dataset.USE_LABELS) == validate.USE_KINDS
