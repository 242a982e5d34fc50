"""The shared stylesheet in Chromium: buttons in the site's font, legends inside their boxes, room under the header."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser
CSS = (Path(__file__).parents[2] / "services/kit/static/site.css").read_text(encoding="utf-8")
# The layout of base.html with the longest question legend the assessment asks, and a result page's heading.
PAGE = f"""<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1">
<style>{CSS}</style></head><body>
<header class="site-header"><div class="wrap"><a class="brand" href="/">Harbor Wellness</a>
<nav aria-label="Main"><a href="/assessment">Free assessment</a></nav></div></header>
<main id="main" class="wrap"><h1>At-home ketamine therapy may be right for you</h1>
<form><fieldset><legend>Pregnancy and a new baby change what is safe and what helps most, for mothers and for
partners. Tick any that apply to you — if none do, leave them all blank.</legend>
<label class="choice"><input type="checkbox"> <span>I am pregnant</span></label></fieldset>
<button type="submit">Continue</button> <a class="button" href="/x">See If You Qualify</a></form></main>
</body></html>"""


@pytest.mark.parametrize("width", [390, 1280])
def test_buttons_legends_and_headings_sit_where_people_expect(browser: Any, width: int) -> None:
    """Buttons use the body's font; a long legend wraps inside its fieldset; the h1 has room under the header."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.set_content(PAGE)
    body_font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert page.evaluate("getComputedStyle(document.querySelector('button')).fontFamily") == body_font
    assert page.evaluate("getComputedStyle(document.querySelector('a.button')).fontFamily") == body_font
    fieldset = page.locator("fieldset").bounding_box()
    legend = page.locator("legend").bounding_box()
    assert fieldset and legend
    assert legend["y"] >= fieldset["y"] + 8  # inside the box, not straddling its top border
    assert legend["x"] >= fieldset["x"] and legend["x"] + legend["width"] <= fieldset["x"] + fieldset["width"]
    assert fieldset["x"] + fieldset["width"] <= width
    header = page.locator("header").bounding_box()
    heading = page.locator("h1").bounding_box()
    assert header and heading and heading["y"] - (header["y"] + header["height"]) >= 24
    page.screenshot(path=f"/tmp/screenshots/site-css-{width}.png")
    page.close()
