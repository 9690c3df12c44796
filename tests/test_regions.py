"""Wide tables take the keyboard's focus and carry a name, with or without a caption."""

from __future__ import annotations

from site_builder.pages import TITLE_ID, heading, page_toc
from site_builder.regions import label_scroll_regions


def test_a_table_wrapper_is_named_by_its_caption():
    page = '<div class="far-table-wrap"><table><caption class="c">Answers to <b>Q1</b></caption></table></div>'
    assert label_scroll_regions(page).startswith(
        '<div class="far-table-wrap" tabindex="0" role="region" aria-label="Answers to Q1">'
    )


def test_a_markdown_table_is_wrapped_and_named_by_the_heading_above_it():
    page = (
        '<h2 id="x">Dates &amp; <em>certainty</em><a class="headerlink" href="#x">¶</a></h2>'
        "<table><tr><td>1</td></tr></table>"
    )
    out = label_scroll_regions(page)
    assert (
        '<div class="far-table-wrap" tabindex="0" role="region" aria-label="Table: Dates &amp; certainty"><table>'
        in out
    )
    assert out.endswith("</table></div>")


def test_a_label_from_contributor_text_stays_text():
    page = '<div class="far-table-wrap"><table><caption>&quot; onfocus=&quot;alert(1)</caption></table></div>'
    out = label_scroll_regions(page)
    assert 'aria-label="&quot; onfocus=&quot;alert(1)"' in out
    assert label_scroll_regions(out) == out, "a wrapper already named is left alone"


def test_a_generated_page_starts_its_contents_with_its_heading():
    assert f'id="{TITLE_ID}"' in heading("Kent <County> Council", "council")
    toc = page_toc("Kent <County> Council", [{"level": 2, "id": "a", "name": "A", "children": []}])
    assert toc == [
        {
            "level": 1,
            "id": TITLE_ID,
            "name": "Kent &lt;County&gt; Council",
            "children": [{"level": 2, "id": "a", "name": "A", "children": []}],
        }
    ]
