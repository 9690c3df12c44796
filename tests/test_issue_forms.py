"""The issue forms speak as the site does: batch titles and status words, never ids, and every
batch in content/batches is offered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from site_builder.vocabulary import STATUSES

ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"


def field(form: str, field_id: str) -> dict[str, Any]:
    body = yaml.safe_load((FORMS / form).read_text(encoding="utf-8"))["body"]
    return next(item for item in body if item.get("id") == field_id)


def batches() -> dict[str, str]:
    found = {}
    for path in sorted((ROOT / "content" / "batches").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[data["id"]] = data["title"]
    return found


def test_the_reply_form_offers_every_batch_by_its_title():
    options = field("council-reply.yml", "batch")["attributes"]["options"]
    known = batches()
    assert len(known) >= 2, "content/batches is nearly empty: the check would prove little"
    missing = [title for title in known.values() if title not in options]
    assert not missing, f"add these batch titles to the form's batch options: {missing}"
    ids = [o for o in options if o in known]
    assert not ids, f"the form shows batch ids where readers need titles: {ids}"
    extra = [o for o in options if o not in known.values()]
    assert len(extra) == 1 and "not sure" in extra[0], f"options that are not a batch: {extra}"


def test_the_reply_form_offers_statuses_in_words():
    status = field("council-reply.yml", "status")["attributes"]
    options = status["options"]
    words = set(STATUSES.labels.values())
    assert options and all(o in words for o in options), f"statuses not in the site's words: {options}"
    assert not set(options) & set(STATUSES.values), "a status is shown as its id"
    # The default is "Status unknown": a contributor is not nudged to guess.
    assert options[status["default"]] == STATUSES.labels["unknown"]


@pytest.mark.parametrize("form", sorted(p.name for p in FORMS.glob("*.yml") if p.name != "config.yml"))
def test_every_form_is_valid_yaml_with_a_body(form: str):
    data = yaml.safe_load((FORMS / form).read_text(encoding="utf-8"))
    assert data["name"] and data["body"]


def test_the_readme_adds_a_record_the_way_contributing_does():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Adding a record", 1)[1].split("\n## ", 1)[0]
    assert "python -m site_builder new <council> <batch>" in section
    assert "Copy `content/" not in section, "the README still says to copy a record by hand"
    assert "python -m site_builder new " in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "extra.contact.email" in section
