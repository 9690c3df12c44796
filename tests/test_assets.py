"""The register's stylesheet and script are served without their comment lines and indentation,
and nothing else of them changes."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from site_builder.assets import trim

ASSETS = Path(__file__).resolve().parents[1] / "docs" / "assets"


def test_comment_lines_and_indentation_go_and_code_stays():
    source = (
        '/* A note\n   over lines. */\n"use strict";\n  // a line\n'
        '  var a = "/* not a comment */"; // kept\n/* b */ f(a);\n\n\ng();\n'
    )
    assert trim(source, "js") == '"use strict";\nvar a = "/* not a comment */"; // kept\n/* b */ f(a);\ng();\n'


def test_a_stylesheet_keeps_a_double_slash():
    source = "/* Colours. */\n:root { --a: #fff; }\n  .x { background: url(//example.org/a.png); }\n"
    assert trim(source, "css") == ":root { --a: #fff; }\n.x { background: url(//example.org/a.png); }\n"


def test_a_script_with_a_template_literal_is_left_alone():
    source = "var a = `\n  // text, not a comment\n`;\n"
    assert trim(source, "js") == source


@pytest.mark.parametrize("name", ["far.css", "far.js"])
def test_the_served_file_differs_from_the_source_only_in_comments_and_white_space(name: str):
    source = (ASSETS / name).read_text(encoding="utf-8")
    served = trim(source, name.rsplit(".", 1)[-1])
    assert len(served) < len(source) * 0.95

    def bare(text: str) -> str:
        return re.sub(r"\s+", "", re.sub(r"^\s*//.*$", "", re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL), flags=re.M))

    assert bare(served) == bare(source)


@pytest.mark.skipif(shutil.which("node") is None, reason="node checks the trimmed script's syntax")
def test_the_trimmed_far_js_is_still_a_valid_script(tmp_path: Path):
    out = tmp_path / "far.js"
    out.write_text(trim((ASSETS / "far.js").read_text(encoding="utf-8"), "js"), encoding="utf-8")
    subprocess.run(["node", "--check", str(out)], check=True)
