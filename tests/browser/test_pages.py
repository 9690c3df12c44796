"""Every page in a real browser: accessible, offline, usable on a phone and with a keyboard."""

import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 375, "height": 800}
MAX_TABS = 60  # header, tabs and sidebar come first; 60 presses is far more than they need


def recorded_council(slug: str) -> pytest.MarkDecorator:
    """Skip a council's page until the council is in content/councils.yaml."""
    register = yaml.safe_load((ROOT / "content" / "councils.yaml").read_text(encoding="utf-8"))
    slugs = {council["slug"] for council in register["councils"]}
    return pytest.mark.skipif(slug not in slugs, reason=f"{slug} is not in content/councils.yaml yet")


# One row a page: every test below runs on each.
PAGES = [
    pytest.param("/", id="home"),
    pytest.param("/councils/", id="councils"),
    pytest.param("/councils/westminster/", id="westminster"),
    pytest.param("/councils/thurrock/", id="thurrock", marks=recorded_council("thurrock")),
    pytest.param("/about/", id="about"),
    pytest.param("/methodology/", id="methodology"),
    pytest.param("/contribute/", id="contribute"),
]

# The outermost elements that reach past the right edge of the screen and are not clipped by a
# scroll box (a wide table in an overflow-x: auto wrapper scrolls on its own). A positioned
# element escapes the scroll boxes between it and its containing block, so those do not count.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].map((c) => "." + c).join("");
  const clipped = (el) => {
    let position = getComputedStyle(el).position;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (position === "fixed") return false;
      const style = getComputedStyle(p);
      if (position === "absolute" && style.position === "static") continue;
      if (style.overflowX !== "visible") return true;
      position = style.position;
    }
    return false;
  };
  const wide = new Set([...document.body.querySelectorAll("*")]
    .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !clipped(el)));
  const culprits = [...wide].filter((el) => !wide.has(el.parentElement)).slice(0, 10)
    .map((el) => {
      const within = el.parentElement.closest("[id]");
      const where = within ? ` in ${describe(within)}` : "";
      return `${describe(el)}${where} reaches ${Math.round(el.getBoundingClientRect().right)}px`;
    });
  return {scrollWidth: document.documentElement.scrollWidth, width, culprits};
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.getAttribute("aria-label") || el.title || el.textContent || "").trim().slice(0, 60),
    href: el.getAttribute("href"),
    inContent: el.closest(".md-content") !== null,
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    outlineColor: style.outlineColor,
    boxShadow: style.boxShadow,
  };
}"""


def transparent(colour: str) -> bool:
    """Whether a computed colour is invisible: "transparent" or an rgba() with alpha 0."""
    alpha = re.fullmatch(r"rgba\(.*,\s*([\d.]+)\)", colour)
    return colour == "transparent" or (alpha is not None and float(alpha[1]) == 0)


@pytest.mark.parametrize("path", PAGES)
def test_no_wcag_violations(page: Page, check_axe, path: str):
    page.goto(path)
    violations = check_axe(page)
    assert not violations, f"WCAG 2.2 A/AA violations on {path}:\n{violations}"


@pytest.mark.parametrize("path", PAGES)
def test_asks_no_host_but_this_one(page: Page, requests_made, path: str):
    page.goto(path, wait_until="networkidle")
    assert requests_made, "no request was recorded, so the check below would prove nothing"
    external = "\n".join(requests_made.external())
    assert not external, f"{path} asked for other hosts (refused here, fetched on the live site):\n{external}"


@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scrolling_on_a_phone(page: Page, path: str):
    page.set_viewport_size(PHONE)
    page.goto(path)
    found = page.evaluate(OVERFLOW)
    culprits = "\n".join(found["culprits"]) or "(no single element found)"
    assert found["scrollWidth"] <= found["width"], (
        f"{path} is {found['scrollWidth']}px wide on a {found['width']}px phone screen:\n{culprits}"
    )


@pytest.mark.parametrize("path", PAGES)
def test_keyboard_reaches_the_content_with_visible_focus(page: Page, path: str):
    page.goto(path)
    visited = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        visited.append(f"{focused['tag']} {focused['text']!r}")
        if focused["tag"] == "a" and focused["inContent"]:
            break
    else:
        pytest.fail(f"{MAX_TABS} presses of Tab on {path} never reached a link in the content: {visited}")
    outline = (
        focused["outlineStyle"] != "none"
        and focused["outlineWidth"] > 0
        and not transparent(focused["outlineColor"])
    )
    assert outline or focused["boxShadow"] != "none", (
        f"no visible focus on {path}'s first content link {focused['text']!r} ({focused['href']}): "
        f"outline {focused['outlineStyle']} {focused['outlineWidth']}px {focused['outlineColor']}, "
        f"box-shadow {focused['boxShadow']}"
    )


def test_deep_link_shows_the_answer(page: Page):
    page.goto("/councils/westminster/#gillies-2021-q6")
    answer = page.locator("#gillies-2021-q6")
    expect(answer).to_be_in_viewport()
    expect(answer).to_contain_text("What Works for Children's Social Care")
    # The sticky header must not cover the answer's heading once the browser has scrolled to it.
    heading = page.locator("#gillies-2021-q6-title")
    expect(heading).to_be_in_viewport()
    box = heading.bounding_box()
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.closest('#gillies-2021-q6-title') !== null",
        [box["x"] + 5, box["y"] + box["height"] / 2],
    )
    assert on_top, "the heading of Westminster's answer 6 is hidden under the page header"


def test_council_page_shows_every_answer_and_the_facts(page: Page):
    page.goto("/councils/westminster/")
    facts = page.locator(".far-facts")
    expect(facts).to_be_visible()
    for label in ("Nation", "Type", "GSS code", "Reports predictive analytics or AI"):
        expect(facts).to_contain_text(label)
    request = page.locator("#gillies-2021")
    expect(request.locator(".far-answer")).to_have_count(6)
    expect(request.locator(".far-answer--missing")).to_have_count(0)
    for n in range(1, 7):
        expect(page.locator(f"#gillies-2021-q{n}")).to_be_visible()
    expect(request).to_contain_text("6 of 6 answers transcribed")


@pytest.mark.parametrize("path", ["", "councils/westminster/"], ids=["home", "westminster"])
def test_works_under_the_published_path(subpath_page: Page, requests_made, path: str):
    # GitHub Pages serves the site under /register/: a root-relative link or asset would break there.
    failed = []
    subpath_page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    subpath_page.goto(path, wait_until="networkidle")
    expect(subpath_page.locator(".md-header")).to_be_visible()
    assert not failed, "requests that failed under the published path:\n" + "\n".join(failed)
    assert not requests_made.external()
