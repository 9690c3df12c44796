"""Material's stylesheet loses only the rules that no page and no script of the site can use."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.unused_css import Unparsable, purge, purge_site, used_classes


def test_a_rule_for_a_class_on_no_page_goes_and_the_others_stay():
    css = ".a{color:red}.gone{color:blue}.a .gone,.a>p{margin:0}p{padding:0}"
    assert purge(css, {"a"}, "") == ".a{color:red}.a>p{margin:0}p{padding:0}\n"


def test_a_class_a_script_names_is_kept():
    assert purge(".md-dialog--active{top:0}", set(), 'e.classList.add("md-dialog--active")') == (
        ".md-dialog--active{top:0}\n"
    )


def test_classes_inside_parentheses_do_not_decide():
    css = ".a:not(.gone){x:1}:is(.gone,p) b{x:2}.a:has(.gone){x:3}"
    assert purge(css, {"a"}, "") == css + "\n"


def test_attribute_values_and_strings_are_not_classes():
    css = '[href$=".pdf"]{x:1}.a:after{content:".gone{"}'
    assert purge(css, {"a"}, "") == css + "\n"


def test_blocks_are_pruned_inside_and_dropped_when_empty_and_other_at_rules_kept():
    css = (
        '@charset "UTF-8";@media screen{.a{x:1}.gone{x:2}}@media print{.gone{x:3}}'
        "@keyframes spin{0%{x:0}to{x:1}}@font-face{font-family:f}@supports (a:b){.gone{x:4}}"
    )
    assert purge(css, {"a"}, "") == (
        '@charset "UTF-8";@media screen{.a{x:1}}@keyframes spin{0%{x:0}to{x:1}}@font-face{font-family:f}\n'
    )


def test_comments_go_but_not_a_string_that_looks_like_one():
    css = '/* a note */.a:after{content:"/* "}/*# sourceMappingURL=main.css.map */'
    assert purge(css, {"a"}, "") == '.a:after{content:"/* "}\n'


def test_an_unbalanced_stylesheet_is_refused():
    with pytest.raises(Unparsable):
        purge(".a{color:red", {"a"}, "")


def test_the_site_is_read_for_classes_and_its_stylesheet_purged(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p class="kept also">x</p>', encoding="utf-8")
    (tmp_path / "app.js").write_text('el.className = "from-script";', encoding="utf-8")
    css = tmp_path / "main.css"
    css.write_text(".kept{x:1}.from-script{x:2}.gone{x:3}", encoding="utf-8")
    broken = tmp_path / "broken.css"
    broken.write_text(".gone{x:1", encoding="utf-8")
    assert used_classes([tmp_path / "a" / "index.html"]) == {"kept", "also"}
    sizes = purge_site(tmp_path, [css, broken])
    assert css.read_text(encoding="utf-8") == ".kept{x:1}.from-script{x:2}\n"
    assert broken.read_text(encoding="utf-8") == ".gone{x:1", "left whole"
    assert list(sizes) == ["main.css"]
