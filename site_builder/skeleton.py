"""`python -m site_builder new <council> <batch>`: a record skeleton with every field, ready to fill in."""

from __future__ import annotations

import difflib
import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from . import schema, vocabulary
from .authorities import build_register
from .records import printable, read_document

HEADER = "# yaml-language-server: $schema=../../../site_builder/schemas/response.schema.json\n"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@cache
def _template() -> Template:
    env = Environment(
        loader=PackageLoader("site_builder", "templates"),
        autoescape=False,  # YAML: values from records are quoted by `q`
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template("skeleton.yaml")


def skeleton(council: str, batch: dict, part: str | None = None) -> str:
    """The text of a new response record for `council` in `batch` (from `templates/skeleton.yaml`)."""
    return _template().render(header=HEADER.rstrip("\n"), council=council, batch=batch, part=part, q=_q, v=vocabulary)


_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _not_a_slug(what: str, value: str) -> str | None:
    if _SLUG.match(value):
        return None
    return (
        f"{what} {printable(repr(value))} is not a slug: expected lower-case letters, digits and single "
        "hyphens, e.g. `kensington-and-chelsea`."
    )


def create(content: Path, council: str, batch_id: str, part: str | None = None) -> tuple[Path | None, str]:
    """Write the skeleton; returns (path, message). The path is None when nothing was written.
    It only ever writes a new file at `content/responses/<council>/<batch>[--<part>].yaml`."""
    for what, value in (("council", council), ("batch", batch_id), ("part", part)):
        problem = _not_a_slug(what, value) if value is not None else None
        if problem:
            return None, problem
    register, problems = read_document(content / "councils.yaml")
    if register is None or not isinstance(register.data.get("councils"), list):
        return None, f"cannot read {content / 'councils.yaml'}: {problems[0] if problems else 'no councils list'}"
    # With the dataset, every UK authority, not only the curated entries.
    slugs: list[str] = [s for s in build_register(register).entries if _SLUG.match(s)]
    if council not in slugs:
        close = difflib.get_close_matches(council, slugs, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else " Add it to content/councils.yaml first."
        return None, f"no council '{council}' in content/councils.yaml.{hint}"
    ids = sorted(p.stem for p in (content / "batches").glob("*.yaml") if p.is_file() and not p.is_symlink())
    if batch_id not in ids:
        close = difflib.get_close_matches(batch_id, ids, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else f" Known batches: {', '.join(ids) or 'none'}."
        return None, f"no batch '{batch_id}' in content/batches/.{hint}"
    batch_doc, problems = read_document(content / "batches" / f"{batch_id}.yaml")
    problems += schema.check("batch", batch_doc) if batch_doc is not None else []
    if batch_doc is None or problems:
        return None, (
            f"content/batches/{batch_id}.yaml has problems, so no skeleton can be made from it; "
            f"run `python -m site_builder validate` first. The first: {problems[0] if problems else ''}"
        )
    name = f"{batch_id}--{part}.yaml" if part else f"{batch_id}.yaml"
    target = content / "responses" / council / name
    responses = (content / "responses").resolve()
    if (
        (content / "responses").is_symlink()
        or target.parent.is_symlink()
        or target.parent.resolve().parent != responses
    ):
        return None, f"{target.parent} is not a folder inside {content / 'responses'}; nothing was written."
    if target.exists() or target.is_symlink():
        return None, f"{target} exists already; edit it instead, or pass --part for a second request."
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as f:  # never replaces a file that appeared meanwhile
        f.write(skeleton(council, batch_doc.data, part))
    return target, f"wrote {target}; fill it in, then run: python -m site_builder validate {target}"
