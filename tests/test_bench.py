"""The build benchmark stays runnable: a tiny run (5 responses, 3 authorities) completes and reports
every figure. Nothing here is timed; the figures themselves are checked by running `python -m bench`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--json", str(out)],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8")), proc.stdout


def test_both_builds_complete_on_synthetic_records(quick):
    results, _ = quick
    [row] = results["sizes"]
    assert (row["responses"], row["authorities"]) == (5, 3)
    for mode in ("register", "plain"):
        build = row[mode]
        assert build["error"] is None, build
        assert build["html_pages"] > 0 and build["site_bytes"] > 0 and build["maxrss_kb"] > 0
    assert row["plain"]["html_pages"] >= 3 + 1  # a page per authority and the councils index


def test_every_stage_is_reported_and_they_add_up(quick):
    results, _ = quick
    build = results["sizes"][0]["register"]
    stages = {"load_validate", "page_generation", "mkdocs_render", "downloads", "pagefind", "post_build_other"}
    assert set(build["stages"]) == stages
    assert build["stages"]["load_validate"] is not None and build["stages"]["page_generation"] is not None
    assert sum(v for v in build["stages"].values() if v) == pytest.approx(build["total_s"], rel=1e-6)


def test_the_other_figures_are_measured(quick):
    results, _ = quick
    row = results["sizes"][0]
    assert row["validate"]["exit_code"] == 0, row["validate"]
    page = row["page_weight"]["median"]
    assert page["gzip_total"] > 0 and {i["kind"] for i in page["items"]} >= {"html", "css", "js"}
    assert set(row["search_weight"]) == {"broad", "name"}  # each a measurement, an error, or None for n/a
    browser = row["browser_page_weight"]  # every request Chromium makes, or why it could not be measured
    assert browser.get("error") or (browser["requests"] >= 1 and browser["gzip_total"] > 0), browser
    tree = row["register"]["memory"]  # every process of the build, sampled from /proc
    assert tree["tree_peak_kb"] is None or tree["tree_peak_kb"] >= tree["largest_process_kb"] > 0, tree
    assert "rebuild_s" in results["serve"] or results["serve"]["error"]


def test_the_table_and_every_target_line_are_printed(quick):
    results, stdout = quick
    assert "| size (responses/authorities) | total s |" in stdout
    assert "5/3 |" in stdout
    lines = [t["target"] for t in results["targets"]]
    assert any("ratio to plain" not in t and "build <=" in t for t in lines)
    assert "| responses/authorities | ours s | plain s | ours/plain |" in stdout  # the summary table
    for fragment in (
        "validate 5000 records",
        "council page first view",
        "first search query",
        "whole build's peak memory",
        "Pagefind's share",
    ):
        assert any(fragment in t for t in lines), fragment
    for target in results["targets"]:
        assert target["result"] in ("PASS", "FAIL", "n/a")
        assert f"{target['result']:4}  {target['target']}" in stdout
