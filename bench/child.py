"""One build in a fresh process, so its peak memory is its own.

Usage: `python -m bench.child MODE CONFIG OUT.json [PROFILE.prof]`.

MODE is `register` (the plugin, with its stages timed) or `plain` (MkDocs and Material alone). The
build goes through MkDocs' public API exactly as `mkdocs build` does: `load_config`, `on_startup`,
`build`, `on_shutdown`.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def site_stats(site: Path) -> dict[str, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return {
        "site_bytes": sum(p.stat().st_size for p in files),
        "site_files": len(files),
        "html_pages": sum(1 for p in files if p.suffix == ".html"),
    }


def run(mode: str, config_file: Path) -> dict[str, Any]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from . import stages

    timer, found = stages.Timer(), {}
    if mode == "register":
        found = stages.install(timer)
    warnings = _Count()
    logging.getLogger("mkdocs").addHandler(warnings)
    result: dict[str, Any] = {"mode": mode, "error": None}
    start = time.perf_counter()
    try:
        config = load_config(config_file=str(config_file))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except BaseException as exc:  # noqa: BLE001 - a failed build is a result to report, not a crash
        result["error"] = f"{type(exc).__name__}: {exc}"
    total = time.perf_counter() - start
    result["total_s"] = total
    result["stages"] = stages.breakdown(timer, total, found) if mode == "register" else {}
    result["events"] = dict(timer.events)
    result["timed"] = found
    result["warnings"] = len(warnings.messages)
    result["warning_samples"] = warnings.messages[:5]
    result["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    site = config_file.parent / "site"
    result.update(site_stats(site) if site.is_dir() else {"site_bytes": 0, "site_files": 0, "html_pages": 0})
    return result


def main(argv: list[str]) -> int:
    mode, config_file, out, *profile = argv
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        result = profiler.runcall(run, mode, Path(config_file))
        profiler.dump_stats(profile[0])
    else:
        result = run(mode, Path(config_file))
    Path(out).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0 if result["error"] is None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
