"""`python -m site_builder new <council> <batch>`: a record skeleton with every field, ready to fill in."""

from __future__ import annotations

import difflib
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from . import vocabulary
from .records import read_document

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


def create(content: Path, council: str, batch_id: str, part: str | None = None) -> tuple[Path | None, str]:
    """Write the skeleton; returns (path, message). The path is None when nothing was written."""
    register, problems = read_document(content / "councils.yaml")
    if register is None:
        return None, f"cannot read {content / 'councils.yaml'}: {problems[0] if problems else 'unknown error'}"
    slugs = [c.get("slug") for c in register.data.get("councils") or [] if isinstance(c, dict)]
    if council not in slugs:
        close = difflib.get_close_matches(council, [s for s in slugs if s], n=1)
        hint = f" Did you mean '{close[0]}'?" if close else " Add it to content/councils.yaml first."
        return None, f"no council '{council}' in content/councils.yaml.{hint}"
    batch_path = content / "batches" / f"{batch_id}.yaml"
    batch_doc, _ = read_document(batch_path) if batch_path.is_file() else (None, [])
    if batch_doc is None:
        ids = sorted(p.stem for p in (content / "batches").glob("*.yaml"))
        close = difflib.get_close_matches(batch_id, ids, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else f" Known batches: {', '.join(ids)}."
        return None, f"no batch '{batch_id}' in content/batches/.{hint}"
    name = f"{batch_id}--{part}.yaml" if part else f"{batch_id}.yaml"
    target = content / "responses" / council / name
    if target.exists():
        return None, f"{target} exists already; edit it instead, or pass --part for a second request."
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(skeleton(council, batch_doc.data, part), encoding="utf-8")
    return target, f"wrote {target}; fill it in, then run: python -m site_builder validate {target}"
