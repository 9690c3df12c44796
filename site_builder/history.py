"""What git says about the records: the commit the site is built from, and each file's changes.

Dates on the site come from here, never from the clock, so two builds of one commit are identical.
One `git log` call reads the whole history of `content/`, keeping the build linear in the number
of records. Outside a git checkout (a downloaded archive) there is simply no history to show.
"""

from __future__ import annotations

import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # ISO 8601 with offset, as git prints it
    subject: str

    @property
    def day(self) -> str:
        return self.date[:10]


@dataclass
class History:
    head: Commit | None = None
    by_path: dict[str, list[Commit]] = field(default_factory=dict)  # newest first

    def for_paths(self, paths: list[str]) -> list[Commit]:
        """Commits touching any of `paths`, newest first, each once."""
        seen: dict[str, Commit] = {}
        for path in paths:
            for commit in self.by_path.get(path, []):
                seen.setdefault(commit.sha, commit)
        return sorted(seen.values(), key=lambda c: c.date, reverse=True)


_SEP = "\x1f"
_START = "\x1e"


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def read_history(repo_root: Path, content_dir: Path) -> History:
    """Read the history of `content_dir`; paths in the result are relative to `repo_root`."""
    top = _git(repo_root, "rev-parse", "--show-toplevel")
    if not top:
        return History()
    top_path = Path(top.strip()).resolve()
    fmt = f"{_START}%H{_SEP}%cI{_SEP}%s"
    head_line = _git(repo_root, "log", "-1", f"--format={fmt}")
    head = _parse_commit(head_line.strip()) if head_line else None
    out = _git(top_path, "log", f"--format={fmt}", "--name-only", "--no-renames", "--", str(content_dir))
    by_path: dict[str, list[Commit]] = defaultdict(list)
    prefix = repo_root.resolve().relative_to(top_path).as_posix() if repo_root.resolve() != top_path else ""
    for block in (out or "").split(_START)[1:]:
        lines = block.strip("\n").split("\n")
        commit = _parse_commit(_START + lines[0])
        if commit is None:
            continue
        for name in filter(None, lines[1:]):
            path = name[len(prefix) + 1 :] if prefix and name.startswith(prefix + "/") else name
            by_path[path].append(commit)
    return History(head, dict(by_path))


def _parse_commit(line: str) -> Commit | None:
    parts = line.lstrip(_START).split(_SEP)
    if len(parts) != 3:
        return None
    return Commit(*parts)
