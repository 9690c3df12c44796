"""What git says about the records: the commit the site is built from, and each file's changes.

Dates on the site come from here, never from the clock, so two builds of one commit are identical
(the clock only tells a date that cannot be true, one after today, from a real one).
One `git log` call reads the whole history of `content/`, keeping the build linear in the number
of records. Outside a git checkout (a downloaded archive) there is simply no history to show.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.site_builder")


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


# git ends each field with NUL (`-z`), the one character neither a commit message nor a file name
# can hold, so no subject can forge a commit or a file. Each commit starts with an empty field.
_FORMAT = "--format=%x00%H%x00%cI%x00%s"
_SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
# A commit date before 1970 or after the build is not a real date (the latest a file's time can
# be, for the gzip and zip files of a site, is 2106): it is a warning, and the commit goes undated.
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# A subject is shown on pages and in the feed: control characters (tab and line breaks among them)
# become spaces, and direction overrides are dropped.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_UNSHOWN = re.compile("[\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def clean_subject(subject: str) -> str:
    return " ".join(_CONTROL.sub(" ", _UNSHOWN.sub("", subject)).split())


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    # Commit messages and file names are bytes; one that is not UTF-8 must not stop the build.
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def read_history(repo_root: Path, content_dir: Path, now: dt.datetime | None = None) -> History:
    """Read the history of `content_dir`; paths in the result are relative to `repo_root`."""
    top = _git(repo_root, "rev-parse", "--show-toplevel")
    if not top:
        return History()
    latest = (now or dt.datetime.now(dt.UTC)) + dt.timedelta(days=1)
    top_path = Path(top.strip()).resolve()
    head_out = _git(repo_root, "log", "-1", "-z", _FORMAT)
    head = next(iter(_commits(head_out or "", latest)), (None, []))[0]
    out = _git(top_path, "log", "-z", _FORMAT, "--name-only", "--no-renames", "--", str(content_dir))
    by_path: dict[str, list[Commit]] = defaultdict(list)
    prefix = repo_root.resolve().relative_to(top_path).as_posix() if repo_root.resolve() != top_path else ""
    for commit, names in _commits(out or "", latest):
        if not commit.date:
            continue  # an impossible date was warned about; the change lists and the feed go by date
        for name in names:
            path = name[len(prefix) + 1 :] if prefix and name.startswith(prefix + "/") else name
            by_path[path].append(commit)
    return History(head, dict(by_path))


def _commits(out: str, latest: dt.datetime) -> list[tuple[Commit, list[str]]]:
    """The commits in `git log -z` output: sha, date and subject, then the file names, each field
    ended by NUL, each commit begun by an empty field (a file name is never empty)."""
    fields = out.split("\0")
    found: list[tuple[Commit, list[str]]] = []
    i = 0
    while i + 3 < len(fields):
        if fields[i].strip("\n"):
            i += 1  # not the start of a commit: git's output is not what was asked for; skip
            continue
        sha, date, subject = fields[i + 1 : i + 4]
        i += 4
        names = []
        while i < len(fields) and fields[i].strip("\n"):
            names.append(fields[i].lstrip("\n"))
            i += 1
        if _SHA.match(sha):
            found.append((Commit(sha, _checked_date(sha, date, latest), clean_subject(subject)), names))
    return found


def _checked_date(sha: str, date: str, latest: dt.datetime) -> str:
    """The commit's date, or "" (unknown) with a warning when it cannot be true."""
    try:
        when = dt.datetime.fromisoformat(date)
    except ValueError:
        when = None
    if when is None or when.tzinfo is None or not EARLIEST <= when <= latest:
        log.warning(
            "Commit %s is dated %r, which cannot be true (before 1970 or after today); "
            "it is shown without a date and left out of the change lists and the feed.",
            sha[:12],
            date,
        )
        return ""
    return date
