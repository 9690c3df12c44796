"""Where the site and its source live, and how to cite a council page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dataset import Council, council_path
from .history import Commit, History

NAME = "Council Analytics FOI Register"


@dataclass(frozen=True)
class Site:
    site_url: str = ""  # with trailing slash, or "" when unknown
    repo_url: str = ""  # https://github.com/<owner>/<repo>, or ""
    branch: str = "main"
    history: History = field(default_factory=History)
    version: str = "0.0.0"  # the package's version, stamped into the data downloads

    @property
    def github(self) -> bool:
        return self.repo_url.startswith("https://github.com/")

    @property
    def edit_base(self) -> str:
        return f"{self.repo_url}/edit/{self.branch}/" if self.github else ""

    @property
    def head(self) -> Commit | None:
        return self.history.head

    def permalink(self, path: str) -> str:
        """The file as it was in the commit this site was built from."""
        if not (self.github and self.head):
            return ""
        return f"{self.repo_url}/blob/{self.head.sha}/{path}"

    def commit_url(self, sha: str) -> str:
        return f"{self.repo_url}/commit/{sha}" if self.github else ""

    def council_url(self, slug: str) -> str:
        return f"{self.site_url}{council_path(slug)}"

    def changes(self, council: Council) -> list[Commit]:
        return self.history.for_paths([r.source_path for r in council.responses])


_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def _bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", text.replace("\\", ""))


def citation(council: Council, site: Site) -> dict[str, str]:
    """Plain-text and BibTeX citations of a council page. The access date is filled in by the
    reader's browser; the build writes the date of the version instead, so builds stay identical."""
    changes = site.changes(council)
    version_date = changes[0].day if changes else (site.head.day if site.head else "")
    year = version_date[:4] or "n.d."
    url = site.council_url(council.slug)
    version = f"version {site.head.sha[:12]}" if site.head else ""
    record = site.permalink(council.responses[0].source_path) if council.responses else ""
    plain = f"{NAME} ({year}). {council.name}. {url}"
    if version:
        plain += f" ({version}{', ' + version_date if version_date else ''})"
    plain += ". Accessed ACCESSED."
    key = "far-" + re.sub(r"[^a-z0-9]+", "-", council.slug)
    lines = [
        f"@misc{{{key},",
        f"  author = {{{{{NAME}}}}},",
        f"  title = {{{_bibtex_escape(council.name)}}},",
        f"  year = {{{year}}},",
        f"  howpublished = {{\\url{{{url}}}}},",
    ]
    if version:
        note = f"Record {version}" + (f", \\url{{{record}}}" if record else "")
        lines.append(f"  note = {{{note}}},")
    lines.append("  urldate = {ACCESSED}")
    lines.append("}")
    return {"plain": plain, "bibtex": "\n".join(lines), "date": version_date}
