"""Old addresses keep working: a renamed authority's former slugs redirect to its page."""

from __future__ import annotations

from pathlib import Path

from markupsafe import escape

from .dataset import Dataset

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved: {name}</title>
<meta http-equiv="refresh" content="0; url=../{slug}/">
<link rel="canonical" href="{canonical}">
<meta name="robots" content="noindex">
</head>
<body>
<main><p>This page has moved to <a href="../{slug}/">{name}</a>.</p></main>
</body>
</html>
"""


def write_redirects(data: Dataset, site_dir: Path, site_url: str = "") -> list[str]:
    """Write a redirect page at /councils/<old>/ for every former slug; returns the old slugs."""
    written = []
    for council in data.councils.values():
        for old in council.data.get("former_slugs") or []:
            target = site_dir / "councils" / old / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            canonical = f"{site_url}{council.path}" if site_url else f"../{council.slug}/"
            target.write_text(
                PAGE.format(name=escape(council.name), slug=council.slug, canonical=escape(canonical)),
                encoding="utf-8",
            )
            written.append(old)
    return sorted(written)
