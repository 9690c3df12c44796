"""The results table and the PASS/FAIL lines for the project's performance targets."""

from __future__ import annotations

from typing import Any

from .stages import STAGES

SCALE_PAIR = ((1000, 400), (5000, 2000))  # 5x the records and 5x the pages
MAX_SCALE = 5.5
MAX_RATIO = 1.25
RATIO_AT = (1000, 5000)
MAX_VALIDATE_S = 2.0
VALIDATE_AT = 5000
MAX_PAGE_KB = 80
MAX_SEARCH_KB = 160
STAGE_TITLES = {
    "load_validate": "load+validate",
    "page_generation": "page generation",
    "mkdocs_render": "MkDocs render",
    "downloads": "downloads",
    "pagefind": "Pagefind",
    "post_build_other": "other post-build",
}


def _s(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _kb(n: int | None) -> str:
    return "n/a" if n is None else f"{n / 1024:.1f} KB"


def _total(build: dict[str, Any]) -> float | None:
    """A build's wall time, or None if it failed (a failed build's time means nothing)."""
    return None if build.get("error") else build.get("total_s")


def _size(row: dict[str, Any]) -> tuple[int, int]:
    return row["responses"], row["authorities"]


def _line(name: str, ok: bool | None, detail: str) -> dict[str, Any]:
    return {"target": name, "result": "n/a" if ok is None else ("PASS" if ok else "FAIL"), "detail": detail}


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows = {_size(r): r for r in results["sizes"]}
    out = []
    small, big = (_total(rows.get(s, {}).get("register", {})) for s in SCALE_PAIR)
    (r1, a1), (r5, a5) = SCALE_PAIR
    label = f"{r5}/{a5} build <= {MAX_SCALE} x the {r1}/{a1} build"
    if small and big:
        out.append(_line(label, big / small <= MAX_SCALE, f"{big:.2f} s / {small:.2f} s = {big / small:.2f} x"))
    else:
        out.append(_line(label, None, "both sizes are needed"))
    for row in results["sizes"]:
        if row["responses"] in RATIO_AT:
            ratio = row.get("ratio")
            out.append(
                _line(
                    f"ratio to plain <= {MAX_RATIO} at {row['responses']}/{row['authorities']}",
                    None if ratio is None else ratio <= MAX_RATIO,
                    "build failed"
                    if ratio is None
                    else f"{row['register']['total_s']:.2f} s / {row['plain']['total_s']:.2f} s = {ratio:.2f}",
                )
            )
    validated = [r["validate"] for r in results["sizes"] if r["responses"] == VALIDATE_AT and "validate" in r]
    if validated:
        v = validated[-1]
        ok = v["exit_code"] == 0 and v["seconds"] < MAX_VALIDATE_S
        out.append(
            _line(
                f"validate {VALIDATE_AT} records < {MAX_VALIDATE_S:.0f} s",
                ok,
                f"{v['seconds']:.2f} s (exit code {v['exit_code']})",
            )
        )
    else:
        out.append(
            _line(
                f"validate {VALIDATE_AT} records < {MAX_VALIDATE_S:.0f} s",
                None,
                f"no {VALIDATE_AT}-response size in this run",
            )
        )
    weighed = [r for r in results["sizes"] if r.get("page_weight")]
    if weighed:
        page = weighed[-1]["page_weight"]["median"]
        out.append(
            _line(
                f"council page first view <= {MAX_PAGE_KB} KB gzip incl. CSS+JS",
                page["gzip_total"] <= MAX_PAGE_KB * 1024,
                f"{_kb(page['gzip_total'])} ({page['page']})",
            )
        )
    else:
        out.append(_line(f"council page first view <= {MAX_PAGE_KB} KB gzip incl. CSS+JS", None, "not measured"))
    searches = weighed[-1].get("search_weight", {}) if weighed else {}
    for which, found in searches.items() or [("any", None)]:
        name = f"first search query ({which}) <= {MAX_SEARCH_KB} KB"
        if found is None:
            out.append(_line(name, None, "n/a: the site has no pagefind/ folder"))
        elif found.get("error"):
            out.append(_line(name, None, f"n/a: {found['error']}"))
        else:
            out.append(
                _line(
                    name,
                    found["gzip_total"] <= MAX_SEARCH_KB * 1024,
                    f"{_kb(found['gzip_total'])} in {found['requests']} requests for {found['query']!r}",
                )
            )
    return out


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def render(results: dict[str, Any]) -> str:
    out = []
    header = [
        "size (responses/authorities)",
        "total s",
        "plain s",
        "ours/plain",
        *[STAGE_TITLES[s] + " s" for s in STAGES],
        "peak MB",
        "plain peak MB",
        "site MB",
        "files",
        "pages",
        "pages/s",
        "plain pages",
        "plain pages/s",
    ]
    rows = []
    for row in results["sizes"]:
        ours, plain = row["register"], row["plain"]
        size = f"{row['responses']}/{row['authorities']}"
        if ours.get("error"):
            rows.append([size, "FAILED: " + ours["error"][:200]] + [""] * (len(header) - 2))
            continue
        stages = ours.get("stages", {})
        rows.append(
            [
                size,
                _s(ours["total_s"]),
                _s(plain.get("total_s")),
                _s(row.get("ratio")),
                *[_s(stages.get(s)) for s in STAGES],
                f"{ours['maxrss_kb'] / 1024:.0f}",
                f"{plain.get('maxrss_kb', 0) / 1024:.0f}",
                f"{ours['site_bytes'] / 1e6:.1f}",
                str(ours["site_files"]),
                str(ours["html_pages"]),
                f"{ours['html_pages'] / ours['total_s']:.0f}",
                str(plain.get("html_pages", "n/a")),
                f"{plain['html_pages'] / plain['total_s']:.0f}" if plain.get("total_s") else "n/a",
            ]
        )
    out += ["## Build", "", _table(header, rows), ""]
    notes = [
        f"- {r['responses']}/{r['authorities']}: Pagefind's entry file was truncated (search would not load)"
        for r in results["sizes"]
        if r.get("pagefind_complete") is False
    ]
    notes += [
        f"- {r['responses']}/{r['authorities']}: plain baseline failed: {r['plain']['error'][:200]}"
        for r in results["sizes"]
        if r["plain"].get("error")
    ]
    if notes:
        out += ["Notes:", *notes, ""]
    for row in results["sizes"]:
        if row.get("page_weight"):
            out += [f"## Council page first view ({row['responses']}/{row['authorities']} site, gzip)", ""]
            items = []
            for which, page in row["page_weight"].items():
                parts = ", ".join(f"{i['path'].rsplit('/', 1)[-1]} {_kb(i['gzip'])}" for i in page["items"])
                items.append([which, page["page"], _kb(page["gzip_total"]), _kb(page["raw_total"]), parts])
            out += [_table(["page", "path", "gzip total", "raw total", "items (gzip)"], items), ""]
        for which, found in (row.get("search_weight") or {}).items():
            if found is None:
                out += [f"First search query ({which}): n/a (no site/pagefind/)", ""]
            elif found.get("error"):
                out += [f"First search query ({which}): n/a ({found['error']})", ""]
            else:
                kinds = ", ".join(f"{k} {_kb(v)}" for k, v in sorted(found["by_kind"].items()))
                fragments = sorted((i for i in found["items"] if "page" in i), key=lambda i: -i["gzip"])
                biggest = ", ".join(f"{i['page']} {_kb(i['gzip'])}" for i in fragments[:3])
                out += [
                    f"First search query ({which}, {found['query']!r}): {_kb(found['gzip_total'])} in "
                    f"{found['requests']} requests ({kinds}); {len(fragments)} fragments, the largest: "
                    f"{biggest or 'none'}; page said: {found['status']}",
                    "",
                ]
        if row.get("validate"):
            v = row["validate"]
            out += [
                f"`python -m site_builder validate` on {v['records']} records: {v['seconds']:.2f} s "
                f"(exit code {v['exit_code']}: {v['message']})",
                "",
            ]
    serve = results.get("serve")
    for failed in (serve or {}).get("failed_attempts", []):
        out += [f"`mkdocs serve` attempt failed: {failed['error']}: " + " / ".join(failed.get("log_tail", [])[-3:]), ""]
    if serve:
        if serve.get("error"):
            out += [f"`mkdocs serve` rebuild: n/a ({serve['error']})", ""]
        else:
            out += [
                f"`mkdocs serve` rebuild after editing {serve['record']}: {serve['rebuild_s']:.2f} s to "
                f'"Reloading browsers" (build itself {_s(serve.get("rebuild_build_s"))} s; first build '
                f"{_s(serve.get('first_build_s'))} s)",
                "",
            ]
    for row in results["sizes"]:
        for order, text in (row.get("profile") or {}).items():
            out += [
                f"## Profile of a register build, {row['responses']}/{row['authorities']}, by {order}",
                "",
                "```",
                text.strip(),
                "```",
                "",
            ]
    out += ["## Targets", ""]
    out += [f"{t['result']:4}  {t['target']}: {t['detail']}" for t in results["targets"]]
    loads = ", ".join(f"{r['load_average']:.1f}" for r in results["sizes"])
    out += [
        "",
        f"Benchmark took {results['bench_s']:.0f} s on {results['cores']} cores "
        f"(1-minute load average after each size's builds: {loads}).",
    ]
    return "\n".join(out)
