"""What changed in the records, in words a reader understands, read from git.

Each response record is compared with its previous version ("reply transcribed: 6 answers",
"status changed from awaiting response to refused", "correction added"), never described by a
commit's subject. The cost stays linear in the size of the history: one `git log --raw` lists,
for every commit, the blob of each record before and after it, and one `git cat-file --batch`
reads every blob named there. Changes to one record on one day are said once, from the version
before the day's first change to the version after its last.

Outside a git checkout (a downloaded archive), or in a shallow clone, there is no history to
compare: `read_changes` returns None
and the pages say so, listing the records by the dates they carry instead.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .dataset import Dataset, council_path
from .history import _SHA, EARLIEST
from .vocabulary import CORRECTION_KINDS, STATUSES

_FORMAT = "--format=%x00%H%x00%cI"
_NO_BLOB = "0" * 40
RECORDS = "responses"  # the folder under content/ whose records are described


@dataclass(frozen=True)
class Version:
    """One commit's change to one record: the YAML text before and after (None: not there)."""

    date: str
    path: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Change:
    """What changed in one record on one day, in words."""

    date: str  # ISO 8601, the day's last change
    path: str  # relative to the repository root, as `Response.source_path`
    council: str  # the council's slug as the record names it, or ""
    anchor: str  # the request's anchor on the council page (`batch` or `batch--part`)
    words: tuple[str, ...]

    @property
    def day(self) -> str:
        return self.date[:10]

    @property
    def sentence(self) -> str:
        """The words as one sentence: "Reply transcribed: 6 answers; correction added."."""
        text = "; ".join(self.words)
        return text[:1].upper() + text[1:] + "."


def _run(root: Path, args: list[str], stdin: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def read_versions(repo_root: Path, content_dir: Path) -> list[Version] | None:
    """Every commit's change to a response record, oldest first; None outside a git checkout."""
    top_out = _run(repo_root, ["rev-parse", "--show-toplevel", "--is-shallow-repository"])
    lines = top_out.decode("utf-8", "replace").splitlines() if top_out else []
    # A shallow clone's oldest commit seems to add every record it holds: no history to tell.
    if not lines or lines[-1].strip() == "true":
        return None
    top = Path(lines[0].strip()).resolve()
    folder = content_dir.resolve() / RECORDS
    log = _run(top, ["log", "-z", _FORMAT, "--raw", "--no-abbrev", "--no-renames", "--", str(folder)])
    if log is None:
        return None
    latest = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    rows = _parse_log(log.decode("utf-8", "replace"), latest)
    blobs = _read_blobs(top, {sha for _, _, old, new in rows for sha in (old, new) if sha != _NO_BLOB})
    prefix = repo_root.resolve().relative_to(top).as_posix() if repo_root.resolve() != top else ""
    out = []
    for date, name, old, new in reversed(rows):
        path = name[len(prefix) + 1 :] if prefix and name.startswith(prefix + "/") else name
        if path.endswith((".yaml", ".yml")):
            out.append(Version(date, path, blobs.get(old), blobs.get(new)))
    return out


def _parse_log(out: str, latest: dt.datetime) -> list[tuple[str, str, str, str]]:
    """(date, path, old blob, new blob) for every file of every commit, newest commit first. Each
    commit starts with an empty field, then sha and date; then `:modes blobs status` and a path."""
    fields = out.split("\0")
    rows = []
    i, date = 0, ""
    while i < len(fields):
        field = fields[i].strip("\n")
        if not field and i + 2 < len(fields):
            sha, stamp = fields[i + 1].strip("\n"), fields[i + 2].strip("\n")
            date = _valid(stamp, latest) if _SHA.match(sha) else ""
            i += 3
            continue
        if field.startswith(":") and i + 1 < len(fields):
            parts = field.split()
            if date and len(parts) >= 5:
                rows.append((date, fields[i + 1].strip("\n"), parts[2], parts[3]))
            i += 2
            continue
        i += 1
    return rows


def _valid(stamp: str, latest: dt.datetime) -> str:
    """The date, or "" when it cannot be true (history.py warns about those once)."""
    try:
        when = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return ""
    return stamp if when.tzinfo is not None and EARLIEST <= when <= latest else ""


def _read_blobs(top: Path, shas: set[str]) -> dict[str, str]:
    """Each blob's text, read in one `git cat-file --batch`."""
    order = sorted(shas)
    if not order:
        return {}
    out = _run(top, ["cat-file", "--batch"], ("\n".join(order) + "\n").encode())
    if out is None:
        return {}
    texts: dict[str, str] = {}
    at = 0
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].decode("ascii", "replace").split()
        at = end + 1
        if len(header) != 3 or header[1] != "blob":
            continue  # "<sha> missing": a blob this clone does not have
        size = int(header[2])
        texts[header[0]] = out[at : at + size].decode("utf-8", "replace")
        at += size + 1
    return texts


def _load(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506  (a safe loader)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _questions(ids: list[str]) -> str:
    names = [f"Q{q[1:]}" if q[:1] == "q" and q[1:].isdigit() else q for q in sorted(ids, key=_question_order)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _question_order(qid: str) -> tuple[int, str]:
    return (int(qid[1:]), qid) if qid[1:].isdigit() else (10**6, qid)


def _status(value: Any) -> str:
    return STATUSES.labels.get(str(value), str(value)).lower()


def _answers(data: dict[str, Any]) -> dict[str, Any]:
    given = data.get("answers")
    return {str(k): v for k, v in given.items() if v is not None} if isinstance(given, dict) else {}


def _items(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def _replied(data: dict[str, Any]) -> Any:
    dates = data.get("dates")
    return dates.get("replied") if isinstance(dates, dict) else None


def describe(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    """What changed from one version of a response record to the next, in words; [] for nothing
    a reader would see."""
    if after is None:
        return ["record removed"] if before is not None else []
    words = []
    old = before or {}
    if before is None:
        words.append("new request recorded")
    elif old.get("status") != after.get("status"):
        words.append(f"status changed from {_status(old.get('status'))} to {_status(after.get('status'))}")
    was, now = _answers(old), _answers(after)
    added = [q for q in now if q not in was]
    if added and not was:
        words.append(f"reply transcribed: {_plural(len(added), 'answer', 'answers')}")
    elif added:
        words.append(f"{_plural(len(added), 'more answer', 'more answers')} transcribed ({_questions(added)})")
    revised = [q for q in now if q in was and now[q] != was[q]]
    if revised:
        words.append(f"{'answer' if len(revised) == 1 else 'answers'} to {_questions(revised)} revised")
    removed = [q for q in was if q not in now]
    if removed:
        words.append(f"{'answer' if len(removed) == 1 else 'answers'} to {_questions(removed)} taken out")
    old_fixes, new_fixes = _items(old, "corrections"), _items(after, "corrections")
    for fix in new_fixes[len(old_fixes) :] if len(new_fixes) > len(old_fixes) else []:
        kind = fix.get("kind", "correction") if isinstance(fix, dict) else "correction"
        words.append(f"{CORRECTION_KINDS.labels.get(kind, 'Correction').lower()} added")
    if before is not None:
        if _replied(after) and not _replied(old):
            words.append("reply date recorded")
        elif _replied(old) and _replied(after) and _replied(old) != _replied(after):
            words.append("reply date corrected")
        for key, one, many in (("documents", "document", "documents"), ("sources", "source", "sources")):
            more = len(_items(after, key)) - len(_items(old, key))
            if more > 0:
                words.append(f"{_plural(more, one, many)} added")
        old_names = {s.get("name") for s in _items(old, "systems") if isinstance(s, dict)}
        named = [s["name"] for s in _items(after, "systems") if isinstance(s, dict) and s.get("name") not in old_names]
        if named:
            words.append(f"{'system' if len(named) == 1 else 'systems'} named: {', '.join(map(str, named))}")
        for key, said in (("status_note", "note on the status revised"), ("notes", "notes from the editors revised")):
            if old.get(key) != after.get(key) and after.get(key):
                words.append(said)
        if not words and old != after:
            words.append("details edited")
    return words


def record_changes(versions: list[Version]) -> list[Change]:
    """The changes to each record, one a record a day, newest first (then by path)."""
    by_day: dict[tuple[str, str], list[Version]] = defaultdict(list)
    for version in versions:  # oldest first
        by_day[(version.date[:10], version.path)].append(version)
    out = []
    for (_, path), group in by_day.items():
        before, after = _load(group[0].before), _load(group[-1].after)
        # A version that is not a readable record (it failed validation then) is compared as
        # nothing more than an edit.
        words = ["details edited"] if before == {} or after == {} else describe(before, after)
        if not words:
            continue
        record = after if after is not None else before or {}
        part = record.get("part")
        batch = str(record.get("batch") or "")
        anchor = f"{batch}--{part}" if part else batch
        out.append(Change(group[-1].date, path, str(record.get("council") or ""), anchor, tuple(words)))
    out.sort(key=lambda c: (c.date, c.path), reverse=True)
    return out


def read_changes(repo_root: Path, content_dir: Path) -> tuple[Change, ...] | None:
    """The records' changes from git, newest first; None when the build has no git history."""
    versions = read_versions(repo_root, content_dir)
    return None if versions is None else tuple(record_changes(versions))


@dataclass(frozen=True)
class Listed:
    """A change as pages and the feed show it: to which authority's which request, and where."""

    change: Change
    council_name: str
    title: str
    link: str  # relative to the site root: the request on the council page, or "" (no page now)


def listed(changes: tuple[Change, ...] | list[Change], data: Dataset) -> list[Listed]:
    """Each change with the names a reader knows it by, from the dataset as it is now."""
    titles = {r.source_path: r.title for r in data.responses}
    out = []
    for change in changes:
        council = data.councils.get(change.council)
        batch = data.batches.get(change.anchor.split("--")[0])
        title = titles.get(change.path) or (batch["title"] if batch else "A request")
        name = council.name if council is not None else change.council or "An authority"
        link = council_path(council.slug, change.anchor) if council is not None else ""
        out.append(Listed(change, name, title, link))
    return out


def from_records(data: Dataset) -> tuple[Change, ...]:
    """Without git history: each transcribed request, dated by the transcription date it records."""
    out = []
    for r in data.responses:
        day = (r.data.get("transcription") or {}).get("date")
        if r.transcribed and day:
            words = (f"reply transcribed: {_plural(r.transcribed, 'answer', 'answers')}",)
            out.append(Change(str(day), r.source_path, r.council.slug, r.id, words))
    out.sort(key=lambda c: (c.date, c.path), reverse=True)
    return tuple(out)
