"""Coverage against the whole register: per campaign, and against every authority that runs children's services."""

from __future__ import annotations

from typing import Any

from .dataset import Dataset

MAP_TITLE = "What is known of each UK authority, across every recorded campaign"
ANSWERED = ("successful", "partially_successful", "published")


def authority_coverage(data: Dataset) -> dict[str, Any]:
    """Counts by authority (an authority asked twice in one campaign counts once)."""
    runs = [c for c in data.councils.values() if c.data.get("current") and c.data.get("children_services") == "yes"]
    asked_any = {r.council["slug"] for r in data.responses}
    campaigns = []
    for batch in data.batches.values():
        responses = [r for r in data.responses if r.batch["id"] == batch["id"]]

        def authorities(test: Any, responses: list[Any] = responses) -> int:
            return len({r.council["slug"] for r in responses if test(r)})

        asked = {r.council["slug"] for r in responses}
        campaigns.append(
            {
                "batch": batch,
                "asked": len(asked),
                "answered": authorities(lambda r: r.status in ANSWERED),
                "refused": authorities(lambda r: r.status == "refused"),
                "not_held": authorities(lambda r: r.status == "not_held"),
                "not_transcribed": authorities(lambda r: not r.transcribed),
                "children_services_asked": sum(1 for c in runs if c.slug in asked),
            }
        )
    unasked = sorted((c for c in runs if c.slug not in asked_any), key=lambda c: c.name.lower())
    return {
        "campaigns": campaigns,
        "children_services": len(runs),
        "children_services_asked": len(runs) - len(unasked),
        "children_services_unasked": unasked,
        "authorities": sum(1 for c in data.councils.values() if c.data.get("current", True)),
    }
