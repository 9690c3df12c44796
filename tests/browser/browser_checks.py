"""What the browser tests measure in a page, shared by the page table and the journeys."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

PHONE = {"width": 375, "height": 800}

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

# The focused element, and how its focus is drawn.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    name: el.getAttribute("name"),
    className: typeof el.className === "string" ? el.className : "",
    text: (el.getAttribute("aria-label") || el.title || el.textContent || "").trim().slice(0, 60),
    href: el.getAttribute("href"),
    inContent: el.closest(".md-content") !== null,
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    outlineColor: style.outlineColor,
    boxShadow: style.boxShadow,
  };
}"""

SEARCH_DONE = re.compile(r"^\d+ results? |^Type a word|not available")


def transparent(colour: str) -> bool:
    """Whether a computed colour is invisible: "transparent" or an rgba() with alpha 0."""
    alpha = re.fullmatch(r"rgba\(.*,\s*([\d.]+)\)", colour)
    return colour == "transparent" or (alpha is not None and float(alpha[1]) == 0)


def focus_is_visible(focused: dict[str, Any]) -> bool:
    """Whether the element FOCUSED described draws its focus: an outline or a box shadow."""
    outline = (
        focused["outlineStyle"] != "none" and focused["outlineWidth"] > 0 and not transparent(focused["outlineColor"])
    )
    return outline or focused["boxShadow"] != "none"


def describe_focus(focused: dict[str, Any]) -> str:
    return (
        f"outline {focused['outlineStyle']} {focused['outlineWidth']}px {focused['outlineColor']}, "
        f"box-shadow {focused['boxShadow']}"
    )


def wait_for_search(page: Page) -> str:
    """Wait until the search page has finished (its status says how many results, and the search of
    the text of answers, when one started, says what it found) and return the status."""
    status = page.locator("[data-far-search-status]")
    expect(status).to_have_text(SEARCH_DONE)
    text = page.locator(".far-text-results [role=status]")
    if text.count() and text.is_visible():
        expect(text).not_to_have_text(re.compile("^Searching"))
    return status.inner_text()
