"""Where the site and its source live: the build context every page, feed and download reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .changes import Change
from .dataset import Council, council_path
from .history import Commit, History


@dataclass(frozen=True)
class Site:
    site_url: str = ""  # with trailing slash, or "" when unknown
    repo_url: str = ""  # https://github.com/<owner>/<repo>, or ""
    branch: str = "main"
    history: History = field(default_factory=History)
    version: str = "0.0.0"  # the package's version, stamped into the data downloads
    record_changes: tuple[Change, ...] | None = None
    """What changed in the records, in words, newest first; None when built without git history."""
    contact_email: str = ""  # where readers report errors without GitHub (mkdocs.yml extra.contact.email)

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

    @cached_property
    def _changes_by_path(self) -> dict[str, list[tuple[int, Change]]]:
        """Each record's changes with their place in `record_changes`: looked up per council, so
        the build reads the list once instead of once per authority."""
        by_path: dict[str, list[tuple[int, Change]]] = {}
        for place, change in enumerate(self.record_changes or ()):
            by_path.setdefault(change.path, []).append((place, change))
        return by_path

    def changes_to(self, council: Council) -> list[Change]:
        """What changed in this authority's records, newest first."""
        paths = {r.source_path for r in council.responses}
        found = [item for path in paths for item in self._changes_by_path.get(path, ())]
        return [change for _, change in sorted(found, key=lambda item: item[0])]
