"""Record text is hostile until proven otherwise: nothing a contributor writes may become markup.

A whole throwaway site is built from records whose every text field carries the usual injection
vectors, and every generated HTML file is parsed and checked. The theme's own scripts are told
apart from injected ones by comparing with a clean build of the same project.
"""

from __future__ import annotations

import re

import lxml.html
import pytest
import yaml
from factories import build_site, html_files, write_project

from site_builder.render import render_markdown

VECTORS = {
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "iframe": '<iframe src="https://evil.example/frame"></iframe>',
    "javascript-link": "[click](javascript:alert(1))",
    "data-link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "javascript-anchor": '<a href="javascript:alert(1)">anchor</a>',
    "onmouseover": '<span onmouseover="alert(1)">hover</span>',
    "tracking-image": "![img](https://tracker.example/p.png)",
    "attribute-breakout": '" onmouseover="alert(1)" x="',
}
HOSTILE = " ".join(VECTORS.values())
# Names and titles become page titles, headings and metadata, so the schema keeps <, > and " out
# of them (tested in test_validate.py). What it lets through is still hostile: single quotes,
# ampersands and script-looking text must come out as text too.
NAME_VECTOR = "Testshire & ' onmouseover='alert(1)' javascript:alert(1) &lt;script&gt;"


def named(field: str) -> str:
    return f"FIELD-{field} {NAME_VECTOR}"


# `<script>` is checked apart: the theme has its own. `<b>` stands for any tag typed into a name.
FORBIDDEN_TAGS = {"iframe", "frame", "object", "embed", "b", "style", "base"}
BAD_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster"}


class Tags:
    """Every element of a document with its attributes, and the text of each script, as lxml's
    HTML parser reads them (text inside `<title>` and `<textarea>` is text, as in a browser)."""

    def __init__(self, html: str):
        root = lxml.html.document_fromstring(html)
        elements = [el for el in root.iter() if isinstance(el.tag, str)]
        self.tags: list[tuple[str, dict[str, str]]] = [(el.tag, dict(el.attrib)) for el in elements]
        self.scripts: list[tuple[dict[str, str], str]] = [
            (dict(el.attrib), el.text or "") for el in elements if el.tag == "script"
        ]


def markup_problems(html: str, theme_scripts: set[tuple[str, str]] = frozenset()) -> list[str]:
    """Everything in `html` that a contributor's text could have smuggled in as markup."""
    found = []
    parsed = Tags(html)
    for tag, attrs in parsed.tags:
        if tag in FORBIDDEN_TAGS:
            found.append(f"<{tag}> element")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"{name}= on <{tag}>")
            if name in URL_ATTRIBUTES and BAD_SCHEMES.match(value):
                found.append(f"{name}={value!r} on <{tag}>")
        if tag in ("img", "source", "video", "audio") and re.match(r"^\s*(\w+:|//)", attrs.get("src", "")):
            found.append(f"<{tag}> loading {attrs['src']!r} from outside the site")
    found += [
        f"<script> {sig[0] or sig[1][:60]!r}" for sig in map(_signature, parsed.scripts) if sig not in theme_scripts
    ]
    return found


def _signature(script: tuple[dict[str, str], str]) -> tuple[str, str]:
    """A script as the same on every page: its file name, and its text without the relative paths
    (`..`, `../..`) that differ with the page's depth."""
    attrs, text = script
    return attrs.get("src", "").rsplit("/", 1)[-1], re.sub(r"[./]", "", text)


def scripts_of(pages: dict[str, str]) -> set[tuple[str, str]]:
    return {_signature(script) for html in pages.values() for script in Tags(html).scripts}


def hostile(field: str) -> str:
    """The vectors, labelled with the field they are in, so the test can see the field was rendered."""
    return f"FIELD-{field} {HOSTILE}"


def hostile_records() -> dict[str, str]:
    council = {
        "slug": "testshire",
        "name": named("council-name"),
        "other_names": [named("other-name")],
        "nation": "england",
        "region": "south_east",
        "type": "county",
        "notes": hostile("council-notes"),
        "sources": [{"title": hostile("council-source-title"), "url": "https://foi.example/register"}],
    }
    batch = {
        "id": "test-batch",
        "title": named("batch-title"),
        "requester": {"name": hostile("batch-requester"), "note": hostile("batch-requester-note")},
        "summary": hostile("batch-summary"),
        "sources": [{"title": hostile("batch-source-title"), "url": "https://foi.example/batch"}],
        "questions": [
            {
                "id": "q1",
                "short": "Q1 ' onmouseover='alert(1)' &amp;",
                "text": hostile("question-text"),
                "wording": "verbatim",
                "answer_kind": "use",
                "period": "past",
            },
            {
                "id": "q2",
                "short": "Q2 javascript:alert(1)",
                "text": hostile("question-2-text"),
                "wording": "own_words",
                "answer_kind": "documents",
            },
        ],
        "notes": hostile("batch-notes"),
    }

    def evidence() -> list[dict[str, str]]:  # a fresh list each time: a shared one would dump as an alias
        return [
            {"kind": "quote", "text": hostile("evidence-quote"), "location": hostile("evidence-location")},
            {
                "kind": "paraphrase",
                "text": hostile("evidence-paraphrase"),
                "location": "Reply letter",
                "url": "https://foi.example/letter.pdf",
            },
        ]

    response = {
        "council": "testshire",
        "batch": "test-batch",
        "request": {
            "url": "https://foi.example/request/1",
            "title": named("request-title"),
            "requester": {
                "name": hostile("requester"),
                "basis": "inferred",
                "note": hostile("requester-note"),
            },
            "summary": hostile("request-summary"),
        },
        "status": "successful",
        "status_note": hostile("status-note"),
        "dates": {
            "sent": "2021-02-11",
            "replied": {"date": "2021-03-10", "certainty": "reported", "note": hostile("date-note")},
        },
        "council_reference": hostile("council-reference"),
        "exemptions": [{"law": "FOIA", "section": "40(2)", "note": hostile("exemption-note")}],
        "documents": [{"title": hostile("document-title"), "url": "https://foi.example/doc.pdf"}],
        "sources": [
            {
                "title": hostile("source-title"),
                "url": "https://foi.example/request/1",
                "note": hostile("source-note"),
            }
        ],
        "answers": {
            "q1": {
                "coded": {
                    "data_analytics": "yes",
                    "predictive_analytics": "no",
                    "artificial_intelligence": "no",
                },
                "summary": hostile("answer-summary"),
                "evidence": evidence(),
            },
            "q2": {"coded": "provided", "summary": hostile("answer-2-summary"), "evidence": evidence()},
        },
        # Names become page addresses (`/suppliers/<slug>/`), so each vector gets a name of its own.
        "systems": [
            {
                "name": f"FIELD-system-{key} {NAME_VECTOR}",
                "supplier": f"FIELD-supplier-{key} {NAME_VECTOR}",
                "status": "in_use",
                "purpose": hostile("system-purpose"),
                "question": "q1",
            }
            for key, text in VECTORS.items()
        ],
        "partnerships": [
            {
                "name": named("partnership"),
                "partners": [f"FIELD-partner-{key} {NAME_VECTOR}" for key in VECTORS],
                "funder": hostile("funder"),
                "purpose": hostile("partnership-purpose"),
                "question": "q2",
            }
        ],
        "notes": hostile("curator-notes"),
        "transcription": {"by": hostile("transcriber"), "date": "2021-05-01"},
        "corrections": [
            {
                "date": "2021-06-01",
                "kind": "right_of_reply",
                "text": hostile("correction-text"),
                "source": {"title": hostile("correction-source"), "url": "https://foi.example/c"},
            }
        ],
    }

    def dump(data: object) -> str:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)

    return {
        "councils.yaml": dump({"councils": [council]}),
        "batches/test-batch.yaml": dump(batch),
        "responses/testshire/test-batch.yaml": dump(response),
    }


# Fields the site shows; each must appear, as text, somewhere in it.
SHOWN = [
    "council-notes",
    "request-summary",
    "answer-summary",
    "curator-notes",
    "correction-text",
    "evidence-quote",
    "evidence-paraphrase",
    "source-title",
    "system-script",
    "partner-script",
    "supplier-script",
]
# Material's page body: what the register's templates fill; the rest is the theme. Greedy, because
# each answer is an <article> of its own inside it.
ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*)</article>', re.DOTALL)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[dict[str, str], dict[str, str]]:
    """The HTML of a clean build and of a build from the hostile records, of the same project."""
    base = tmp_path_factory.mktemp("safety")
    clean = write_project(base / "clean")
    dirty = write_project(base / "hostile", hostile_records())
    return (
        html_files(build_site(clean.project / "mkdocs.yml", base / "clean-site")),
        html_files(build_site(dirty.project / "mkdocs.yml", base / "hostile-site")),
    )


def problems_by_page(pages: dict[str, str], scripts: set[tuple[str, str]]) -> dict[str, list[str]]:
    return {page: found for page, html in pages.items() if (found := markup_problems(html, scripts))}


def articles(pages: dict[str, str]) -> dict[str, str]:
    return {page: m.group(1) for page, html in pages.items() if (m := ARTICLE.search(html))}


def test_clean_build_passes_the_checks(sites):
    """The checker is not fooled by the theme itself, so a failure below means injected markup."""
    clean, _ = sites
    assert problems_by_page(clean, scripts_of(clean)) == {}


def test_hostile_text_reaches_no_page_body_as_markup(sites):
    clean, dirty = sites
    assert set(articles(dirty)) == set(dirty), "every page has Material's article element"
    assert problems_by_page(articles(dirty), scripts_of(clean)) == {}


def test_hostile_text_reaches_no_page_as_markup(sites):
    clean, dirty = sites
    assert problems_by_page(dirty, scripts_of(clean)) == {}


def test_hostile_text_is_shown_as_text(sites):
    """The hostile fields were rendered, so the checks above looked at something."""
    _, dirty = sites
    everything = "\n".join(dirty.values())
    assert [field for field in SHOWN if f"FIELD-{field}" not in everything] == []
    body = articles(dirty)["councils/testshire/index.html"]
    assert all(f"FIELD-{field}" in body for field in ("answer-summary", "curator-notes", "source-title"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "FIELD-council-name Testshire &amp; &#39; onmouseover=&#39;alert(1)&#39;" in body


@pytest.mark.parametrize("text", VECTORS.values(), ids=VECTORS.keys())
def test_render_markdown_keeps_vector_as_text(text):
    html = str(render_markdown(f"Before {text} after"))
    assert markup_problems(html) == []
    assert not re.search(r"<(img|iframe|script|span)\b", html)
    assert "Before" in html and "after" in html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[a link](https://foi.example/page)",
            '<a href="https://foi.example/page" rel="nofollow noopener noreferrer">',
        ),
        ("[mail](mailto:foi@council.example)", '<a href="mailto:foi@council.example"'),
        (
            "*emphasis* and **strong** and `code`",
            "<em>emphasis</em> and <strong>strong</strong> and <code>code</code>",
        ),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
    ],
    ids=["https-link", "mailto-link", "inline", "list"],
)
def test_render_markdown_keeps_safe_markdown(text, expected):
    assert expected in str(render_markdown(text))
