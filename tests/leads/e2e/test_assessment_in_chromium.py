"""A real Chromium completes the hosted assessment: once to a likely-eligible result, once to the safety screen."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


def _complete(page, base: str, item9: str) -> None:
    """Fill every step by label and keyboard-reachable controls, as a visitor would."""
    page.goto(base + "/assessment?utm_source=browser-test")
    page.get_by_label("First name").fill("Maya")
    page.get_by_label("Last name").fill("Lopez")
    page.get_by_label("Email address").fill("maya.browser@example.com")
    page.get_by_label("Date of birth").fill("1991-06-15")
    page.get_by_label("State you live in").select_option("FL")
    page.get_by_label("ZIP code").fill("33101")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # no pregnancy or new baby
    assert page.locator("progress").get_attribute("value") == "3"
    for n in range(1, 9):
        page.check(f"#phq9_{n}-{'2' if item9 == '0' else '0'}")
    page.check(f"#phq9_9-{item9}")
    page.get_by_role("button", name="Continue").click()
    for n in range(1, 8):
        page.check(f"#gad7_{n}-1")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Which medicines do you take now?").fill("none")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("I have read and agree", exact=False).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url("**/assessment/result/**")


def _same_origin_page(browser, system, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return context, page, seen


def _assert_same_origin(seen: list[str], base: str) -> None:
    origin = urlsplit(base).netloc
    others = [u for u in seen if not u.startswith("data:") and urlsplit(u).netloc != origin]
    assert seen and others == []


def test_chromium_reaches_a_likely_eligible_result_with_no_other_origin(browser, system):
    """The result offers the consultation and membership; every request stayed on our origin."""
    context, page, seen = _same_origin_page(browser, system, 1280)
    _complete(page, system.url, item9="0")
    assert "may be right for you" in page.locator("h1").inner_text()
    assert page.locator("a[href^='/membership?lead=']").count() == 1
    _assert_same_origin(seen, system.url)
    context.close()


def test_chromium_reaches_the_safety_screen_on_a_phone_width(browser, system):
    """Item 9 positive shows the safety screen with 988, at 375 px wide, with no request elsewhere."""
    context, page, seen = _same_origin_page(browser, system, 375)
    _complete(page, system.url, item9="1")
    assert "alone" in page.locator("h1").inner_text()
    assert page.locator("a[href='tel:988']").count() >= 1
    assert "$250" not in page.content() and page.locator("a[href^='/membership']").count() == 0
    _assert_same_origin(seen, system.url)
    context.close()
