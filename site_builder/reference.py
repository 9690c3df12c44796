"""The contributor field reference, generated from the JSON Schemas so it can never fall behind."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from referencing._core import Resolver

from . import schema

TITLES = {
    "council": ("The authority register", "content/councils.yaml"),
    "batch": ("Batches", "content/batches/<id>.yaml"),
    "response": ("Responses", "content/responses/<council>/<batch>.yaml"),
    "report": ("Public reports", "content/reports/<id>.yaml"),
    "systems": ("Systems and suppliers", "content/systems.yaml"),
    "left_out": ("Research rows left out", "content/left-out.yaml"),
}


@dataclass
class Field:
    path: str
    required: bool
    accepts: str
    description: str


def fields(kind: str) -> list[Field]:
    return list(_walk(schema.schema(kind), schema.resolver(kind), ""))


def _walk(node: dict[str, Any], where: Resolver, prefix: str) -> Iterator[Field]:
    node, where = schema.resolve(where, node)
    for name, sub in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        full, inner = schema.resolve(where, sub)
        yield Field(path, name in node.get("required", []), _accepts(full, inner), full.get("description", ""))
        yield from _children(full, inner, path)
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        full, inner = schema.resolve(where, extra)
        path = f"{prefix}<question id>"
        yield Field(path, False, _accepts(full, inner), full.get("description", "") or "One entry per question.")
        yield from _children(full, inner, path)


def _children(full: dict[str, Any], where: Resolver, path: str) -> Iterator[Field]:
    if "properties" in full:
        yield from _walk(full, where, f"{path}.")
    items = full.get("items")
    if isinstance(items, dict):
        item, inner = schema.resolve(where, items)
        if "properties" in item:
            yield from _walk(item, inner, f"{path}[].")
    for option in full.get("oneOf", []):
        option, inner = schema.resolve(where, option)
        if "properties" in option:
            yield from _walk(option, inner, f"{path}.")


def _accepts(node: dict[str, Any], where: Resolver) -> str:
    if "enum" in node:
        return "one of " + ", ".join("null" if v is None else f"`{v}`" for v in node["enum"])
    if "oneOf" in node:
        return " or ".join(_accepts(*schema.resolve(where, o)) for o in node["oneOf"])
    kinds = node.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds] if kinds else []
    words = {"string": "text", "object": "fields", "array": "list", "null": "null", "integer": "number"}
    text = " or ".join(words.get(k, k) for k in kinds) or "fields"  # type: ignore[misc]
    pattern = node.get("pattern", "")
    if pattern.startswith("^https://"):
        text = "https:// address" + (" or null" if "null" in kinds else "")
    elif pattern.startswith("^[0-9]{4}-[0-9]{2}-"):
        text = "date `YYYY-MM-DD`"
    if kinds == ["array"] and isinstance(node.get("items"), dict):
        item, inner = schema.resolve(where, node["items"])
        text = "list of " + (_accepts(item, inner) if "properties" not in item else "entries")
    if "maxLength" in node:
        text += f", at most {node['maxLength']:,} characters"
    if "maxItems" in node:
        text += f", at most {node['maxItems']:,}"
    return text
