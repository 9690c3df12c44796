"""Benchmark the register's build on synthetic data.

Usage: `python -m bench [--quick] [--sizes R/A,...] [--repeat N] [--json FILE]`.

See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import memory, project, report, serve, synth, weight

FULL_SIZES = [(1000, 400), (5000, 2000), (10000, 2000)]  # the sizes every target is checked on
QUICK_SIZES = [(5, 3)]
CHILD_TIMEOUT_S = 600


def parse_sizes(text: str) -> list[tuple[int, int]]:
    """`100/400,1000/2000` -> [(100, 400), (1000, 2000)] (responses/authorities)."""
    sizes = []
    for item in text.split(","):
        responses, _, authorities = item.strip().partition("/")
        sizes.append((int(responses), int(authorities or responses)))
    return sizes


def run_child(mode: str, config: Path, out: Path, profile: Path | None = None) -> dict[str, Any]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "bench.child", mode, str(config), str(out)]
    started = time.perf_counter()
    with subprocess.Popen(
        command + ([str(profile)] if profile else []),
        cwd=project.REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        sampler = memory.TreeSampler(proc.pid).start()
        try:
            _, stderr = proc.communicate(timeout=CHILD_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            sampler.stop()
            return {"mode": mode, "error": f"build took over {CHILD_TIMEOUT_S} s", "total_s": None}
        finally:
            tree = sampler.stop()
    if not out.is_file():
        error = f"the build process failed: {stderr.strip()[-2000:]}"
        return {"mode": mode, "error": error, "total_s": None}
    result = json.loads(out.read_text(encoding="utf-8"))
    result["process_s"] = time.perf_counter() - started
    result["memory"] = tree
    return result


def build_both(configs: dict[str, Path], work: Path, repeat: int) -> dict[str, dict[str, Any]]:
    """Build each project `repeat` times from scratch, alternating, so both see the same machine load;
    keep each one's median run by wall time."""
    runs: dict[str, list[dict[str, Any]]] = {mode: [] for mode in configs}
    for i in range(repeat):
        for mode, config in configs.items():
            shutil.rmtree(config.parent / "site", ignore_errors=True)
            runs[mode].append(run_child(mode, config, work / f"{mode}-{i}.json"))
    chosen = {}
    for mode, found in runs.items():
        failed = [r for r in found if r.get("error")]
        if failed:
            chosen[mode] = failed[0]
            continue
        found.sort(key=lambda r: r["total_s"])
        chosen[mode] = {**found[(len(found) - 1) // 2], "all_totals_s": [r["total_s"] for r in found]}
    return chosen


def profile_build(config: Path, work: Path, top: int) -> dict[str, Any]:
    """One more register build under cProfile (not timed in the table); its top functions."""
    import io
    import pstats

    shutil.rmtree(config.parent / "site", ignore_errors=True)
    stats_file = work / "register.prof"
    run_child("register", config, work / "register-profiled.json", profile=stats_file)
    if not stats_file.is_file():
        return {"error": "the profiled build wrote no statistics"}
    out = {}
    for order in ("tottime", "cumulative"):
        text = io.StringIO()
        pstats.Stats(str(stats_file), stream=text).sort_stats(order).print_stats(top)
        out[order] = text.getvalue()
    return out


def pagefind_complete(site: Path) -> bool | None:
    """Whether Pagefind's entry file was written in full (a truncated index breaks search)."""
    entry = site / "pagefind" / "pagefind-entry.json"
    if not (site / "pagefind").is_dir():
        return None
    try:
        json.loads(entry.read_text(encoding="utf-8"))
        return True
    except (OSError, ValueError):
        return False


def validate_time(content: Path) -> dict[str, Any]:
    """Wall time of `python -m site_builder validate --content DIR` in a fresh process."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "site_builder", "validate", "--content", str(content)],
        cwd=project.REPO,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
    )
    return {
        "seconds": time.perf_counter() - started,
        "exit_code": proc.returncode,
        "records": sum(1 for _ in (content / "responses").glob("*/*.yaml")),
        "message": (proc.stderr.strip().splitlines() or [""])[-1],
    }


def measure_size(
    responses: int,
    authorities: int,
    work: Path,
    repeat: int,
    measure_weight: bool,
    measure_validate: bool,
    log: Any,
    measure_search: bool = False,
    profile_top: int = 0,
) -> dict[str, Any]:
    data = synth.generate(responses, authorities)
    ours_dir, plain_dir = work / "register", work / "plain"
    config, record_bytes = project.make_register(ours_dir, data)
    plain_config = project.make_plain(plain_dir, data)
    log(
        f"  building the register ({responses} responses, {authorities} authorities) and the plain "
        f"baseline ({authorities + 1} Markdown pages), {repeat} time(s) each; "
        f"load average {os.getloadavg()[0]:.1f}..."
    )
    built = build_both({"register": config, "plain": plain_config}, work, repeat)
    ours, plain = built["register"], built["plain"]
    row: dict[str, Any] = {
        "load_average": os.getloadavg()[0],
        "responses": responses,
        "authorities": authorities,
        "batches": len(data.batches),
        "record_bytes": record_bytes,
        "register": ours,
        "plain": plain,
        "ratio": None if ours.get("error") or plain.get("error") else ours["total_s"] / plain["total_s"],
        "pagefind_complete": pagefind_complete(ours_dir / "site"),
    }
    site = ours_dir / "site"
    if measure_weight and not ours.get("error"):
        log("  measuring page weight...")
        pages = weight.council_pages(site)
        row["page_weight"] = {which: weight.page_weight(site, page) for which, page in pages.items()}
        if pages:
            row["browser_page_weight"] = weight.browser_page_weight(site, pages["median"])
    if measure_search and not ours.get("error"):
        log("  measuring the first search...")
        name = data.councils[0]["name"]
        row["search_weight"] = {
            "broad": weight.search_weight(site, "analytics"),
            "name": weight.search_weight(site, name),
        }
    if measure_validate:
        log(f"  timing `python -m site_builder validate` on {responses} records...")
        row["validate"] = validate_time(ours_dir / "content")
    if profile_top:
        log("  profiling one more register build...")
        row["profile"] = profile_build(config, work, profile_top)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        help="responses/authorities pairs, e.g. 100/400,1000/2000 (default: 1000/400,5000/2000,10000/2000)",
    )
    parser.add_argument("--quick", action="store_true", help="one tiny size (5 responses, 3 authorities)")
    parser.add_argument("--repeat", type=int, default=1, help="builds per size and mode; the median is kept")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--no-serve", action="store_true", help="skip the `mkdocs serve` rebuild timing")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects and print where")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="after the timed builds, profile one more register build per size; print its top N functions",
    )
    args = parser.parse_args(argv)
    sizes = args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    results: dict[str, Any] = {
        "sizes": [],
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "command": "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:]),
    }
    largest = max(sizes)
    work_root = Path(tempfile.mkdtemp(prefix="far-bench-"))
    try:
        for responses, authorities in sizes:
            log(f"size {responses}/{authorities}:")
            work = work_root / f"{responses}-{authorities}"
            work.mkdir()
            row = measure_size(
                responses,
                authorities,
                work,
                max(1, args.repeat),
                measure_weight=(responses, authorities) == largest,
                measure_search=(responses, authorities) == largest or responses in report.SEARCH_AT,
                measure_validate=(responses, authorities) == largest or responses == report.VALIDATE_AT,
                log=log,
                profile_top=args.profile,
            )
            results["sizes"].append(row)
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
        if not args.no_serve:
            log("timing a rebuild in `mkdocs serve` after editing one real record...")
            results["serve"] = serve.rebuild_time()
    finally:
        if args.keep:
            log(f"projects kept in {work_root}")
        else:
            shutil.rmtree(work_root, ignore_errors=True)
    results["bench_s"] = time.perf_counter() - started
    results["targets"] = report.targets(results)
    print(report.render(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
        log(f"wrote {args.json}")
    return 0 if all(not r.get("register", {}).get("error") for r in results["sizes"]) else 1


if __name__ == "__main__":
    sys.exit(main())
