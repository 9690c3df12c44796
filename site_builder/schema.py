"""The JSON Schemas: the one definition of the record format, and how their errors read."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from . import vocabulary
from .records import Document, Problem

if TYPE_CHECKING:
    # The Python validator words the errors; it is imported when a record has one (most checks
    # find none, and importing it took a twentieth of the time to check 5,000 records).
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry
    from referencing._core import Resolver

KINDS = ("council", "batch", "response", "report", "systems", "left_out")


class VocabularyMismatch(RuntimeError):
    """A schema enum and its vocabulary in `vocabulary.py` disagree: a value without a label, or a label
    without a value. A fault in the code, not in the records; the build stops."""


@cache
def schema(kind: str) -> dict[str, Any]:
    text = resources.files("site_builder").joinpath(f"schemas/{kind}.schema.json").read_text("utf-8")
    document = json.loads(text)
    problems = vocabulary.mismatches(kind, document)
    if problems:
        raise VocabularyMismatch("; ".join(problems) + ". Make site_builder/vocabulary.py and the schema agree.")
    return document


@cache
def _registry() -> Registry:
    from referencing import Registry, Resource

    return Registry().with_resources((f"{kind}.schema.json", Resource.from_contents(schema(kind))) for kind in KINDS)


@cache
def validator(kind: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(kind), registry=_registry())


def resolver(kind: str) -> Resolver:
    return _registry().resolver(f"{kind}.schema.json")


def resolve(where: Resolver, fragment: dict[str, Any]) -> tuple[dict[str, Any], Resolver]:
    """Follow a `$ref` in a schema fragment; returns the schema it points at and where that lives.
    Keys beside the `$ref` (a field's own description) win over the target's."""
    ref = fragment.get("$ref")
    if not ref:
        return fragment, where
    found = where.lookup(ref)
    merged = {**found.contents, **{k: v for k, v in fragment.items() if k != "$ref"}}
    return merged, found.resolver


@cache
def _quick(kind: str) -> jsonschema_rs.Draft202012Validator:
    """The same schemas compiled by jsonschema-rs: it answers "valid?" fifty times faster, so the
    Python validator, whose errors we word for people, runs only on records that have problems."""
    registry = jsonschema_rs.Registry([(f"{k}.schema.json", schema(k)) for k in KINDS])
    return jsonschema_rs.Draft202012Validator(schema(kind), registry=registry, base_uri=f"{kind}.schema.json")


def check(kind: str, doc: Document) -> list[Problem]:
    """Every schema problem in `doc`, each at the line of the value it is about."""
    if _quick(kind).is_valid(doc.data):
        return []
    return [problem for error in validator(kind).iter_errors(doc.data) for problem in _explain(error, doc)]


def _explain(error: ValidationError, doc: Document) -> Iterator[Problem]:
    if error.validator in ("oneOf", "anyOf") and error.context:
        for sub in _closest_branch(error):
            yield from _explain(sub, doc)
        return
    loc = tuple(error.absolute_path)
    found = error.instance
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        for key in sorted(set(found) - set(allowed)):
            yield doc.problem((*loc, key), _unknown_field(key, allowed))
        return
    if error.validator == "required":
        missing = error.message.split("'")[1]
        desc = error.schema.get("properties", {}).get(missing, {}).get("description", "")
        yield doc.problem(
            loc, f"missing required field '{missing}'. Add `{missing}:`" + (f" ({desc})" if desc else ".")
        )
        return
    if error.validator == "propertyNames":
        yield doc.problem((*loc, found), f"'{found}' is not a question id; expected `q1`, `q2`, ….")
        return
    yield doc.problem(loc, _mismatch(error))


def _closest_branch(error: ValidationError) -> list[ValidationError]:
    """For a value that fits none of several forms, the errors of the form it came nearest to."""
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    # A form that failed only inside the value (not on the value itself) has the right shape;
    # failing that, a form whose type the value has.
    inside = [errs for errs in branches.values() if all(e.path for e in errs)]
    if len(inside) == 1:
        return inside[0]
    typed = [errs for errs in branches.values() if not any(e.validator == "type" and not e.path for e in errs)]
    if len(typed) == 1:
        return typed[0]
    from jsonschema.exceptions import best_match

    best = best_match(error.context)
    return [e for e in branches[best.relative_schema_path[0]]] if best is not None else [error]


def _unknown_field(key: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"allowed fields here: {', '.join(allowed)}."
    return f"unknown field '{key}'; {hint}"


_TYPE_WORDS = {
    "string": "text",
    "object": "a mapping of fields",
    "array": "a list",
    "null": "null",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    if isinstance(value, dict):
        return "a mapping of fields"
    return "a list"


def _mismatch(error: ValidationError) -> str:
    value, kind, spec = error.instance, error.validator, error.validator_value
    found = _describe(value)
    if kind == "enum":
        choices = ", ".join("null" if c is None else str(c) for c in spec)
        message = f"expected one of {choices}; found {found}."
        if isinstance(value, bool) or value in ("on", "off", "On", "Off", "ON", "OFF", "y", "n", "Y", "N"):
            if "yes" in spec:
                message += " Write `yes` or `no`."
        elif isinstance(value, str):
            close = difflib.get_close_matches(value, [str(c) for c in spec], n=1, cutoff=0.6)
            if close:
                message += f" Did you mean '{close[0]}'?"
        return message
    if kind == "type":
        wanted = spec if isinstance(spec, list) else [spec]
        message = f"expected {' or '.join(_TYPE_WORDS.get(w, w) for w in wanted)}; found {found}."  # type: ignore[misc]
        if "string" in wanted and isinstance(value, (int, float)) and not isinstance(value, bool):
            message += f' Quote it: "{value}".'
        elif "string" in wanted and isinstance(value, bool):
            message += " Quote it if you mean the word."
        return message
    if kind == "pattern":
        if spec.startswith("^https://"):
            return f"expected an https:// address; found {found}. Use the https:// form of the link."
        if spec.startswith("^[0-9]{4}-"):
            return f"expected a date written YYYY-MM-DD; found {found}."
        if spec.startswith("^[a-z0-9]+(-"):
            return f"expected a slug (lower-case letters, digits and single hyphens); found {found}."
        if spec == '^[^<>"]*$':
            return f'must not contain <, > or "; found {found}. Use typographic quotes (“ ”) instead of ".'
        if spec.startswith("^q[1-9]"):
            return f"expected a question id (`q1`, `q2`, …); found {found}."
        desc = error.schema.get("description", "")
        return f"does not have the expected form; found {found}." + (f" {desc}" if desc else "")
    if kind in ("minLength", "minItems"):
        return "must not be empty; fill it in or remove the field."
    if kind == "maxLength":
        return (
            f"is too long: at most {spec:,} characters; found {len(value):,}. Shorten it, or link the document instead."
        )
    if kind in ("maxItems", "maxProperties"):
        return (
            f"has {len(value):,} entries; at most {spec:,} are allowed, far more than any reply so far. "
            "Keep the ones the reply names, or split the record."
        )
    if kind == "oneOf":
        return f"does not fit any of the forms this field takes; found {found}."
    return error.message
