"""How long `mkdocs serve` takes to show an edit to one real record.

The repository's mkdocs.yml, docs/, theme/ and content/ are copied to a temporary folder (the
working tree is never touched), `mkdocs serve` is started there on a free port, and once it is
serving, one response record is edited. The time is from the edit to the log line "Reloading
browsers", which MkDocs prints when the rebuilt site is ready; it includes MkDocs' file-watch
debounce. The rebuild's own "Documentation built in N seconds" is reported beside it.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from .project import REPO

_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _copy_project(repo: Path, dest: Path) -> None:
    shutil.copy2(repo / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("docs", "theme", "content"):
        if (repo / folder).is_dir():
            shutil.copytree(repo / folder, dest / folder)


def edit_record(content: Path) -> Path:
    """Change one real response record in a way that keeps it valid: a word added to its status note."""
    record = sorted((content / "responses").glob("*/*.yaml"))[0]
    text = record.read_text(encoding="utf-8")
    edited, n = re.subn(r"^(status_note: )(.+)$", r"\1\2 (edited)", text, count=1, flags=re.MULTILINE)
    record.write_text(edited if n else text + "\n# edited by the benchmark\n", encoding="utf-8")
    return record


def _wait_for(
    proc: subprocess.Popen[str],
    lines: queue.Queue[tuple[float, str]],
    pattern: str,
    deadline: float,
    log: list[str],
) -> tuple[float, str] | None:
    """The first log line containing `pattern`; None at the deadline or once the server has exited."""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        try:
            stamp, line = lines.get(timeout=min(left, 0.5))
        except queue.Empty:
            if proc.poll() is not None and lines.empty():
                return None
            continue
        log.append(line)
        if pattern in line:
            return stamp, line


def rebuild_time(repo: Path = REPO, timeout_s: float = 180, attempts: int = 2) -> dict[str, Any]:
    """Seconds from editing one record to `mkdocs serve` reloading browsers.

    A failed attempt is kept in `failed_attempts` and the measurement tried again, so an
    intermittent failure is both reported and measured around."""
    failed = []
    for _ in range(attempts):
        result = _rebuild_once(repo, timeout_s)
        if not result["error"]:
            break
        failed.append(result)
    return {**result, "failed_attempts": failed}


def _rebuild_once(repo: Path, timeout_s: float) -> dict[str, Any]:
    result: dict[str, Any] = {"error": None}
    with tempfile.TemporaryDirectory(prefix="far-bench-serve-") as tmp:
        project = Path(tmp)
        _copy_project(repo, project)
        port = _free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines: queue.Queue[tuple[float, str]] = queue.Queue()

        def pump() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.put((time.monotonic(), line.rstrip()))

        threading.Thread(target=pump, daemon=True).start()
        log: list[str] = []
        try:
            start = time.monotonic()
            served = _wait_for(proc, lines, "Serving on", start + timeout_s, log)
            if served is None:
                result["error"] = (
                    "mkdocs serve stopped before serving"
                    if proc.poll() is not None
                    else "mkdocs serve did not start serving in time"
                )
                return {**result, "log_tail": log[-15:]}
            first = [float(m.group(1)) for line in log if (m := _BUILT.search(line))]
            result["first_build_s"] = first[0] if first else None
            result["startup_s"] = served[0] - start
            time.sleep(1.0)  # let the file watcher settle before the edit
            result["record"] = edit_record(project / "content").relative_to(project).as_posix()
            edited = time.monotonic()
            log.clear()
            reloaded = _wait_for(proc, lines, "Reloading browsers", edited + timeout_s, log)
            if reloaded is None:
                result["error"] = "no rebuild finished after the edit"
                return {**result, "log_tail": log[-15:]}
            result["rebuild_s"] = reloaded[0] - edited
            built = [float(m.group(1)) for line in log if (m := _BUILT.search(line))]
            result["rebuild_build_s"] = built[-1] if built else None
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)
    return result
