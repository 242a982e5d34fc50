"""A real Chromium takes the hosted assessment: to a likely-eligible result, and to the safety screen at the
very step that discloses, which is stored and alerted even when the tab is closed at once."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
import requests

from tests.support.waiting import wait_until

pytestmark = pytest.mark.browser
ALERT_TO = "oncall@clinic.example"  # the leads default, which the test system keeps


def _about_you(page, base: str, email: str) -> None:
    """Fill the first step and accept the terms there, as a visitor would."""
    page.goto(base + "/assessment?utm_source=browser-test")
    page.get_by_label("First name").fill("Maya")
    page.get_by_label("Last name").fill("Lopez")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Date of birth").fill("1991-06-15")
    page.get_by_label("State you live in").select_option("FL")
    page.get_by_label("ZIP code").fill("33101")
    page.get_by_label("I have read and agree", exact=False).check()
    page.get_by_role("button", name="Continue").click()


def _complete(page, base: str, item9: str) -> None:
    """Fill every step by label and keyboard-reachable controls, as a visitor would."""
    _about_you(page, base, "maya.browser@example.com")
    page.get_by_role("button", name="Continue").click()  # no pregnancy or new baby
    assert page.locator("progress").get_attribute("value") == "3"
    for n in range(1, 9):
        page.check(f"#phq9_{n}-{'2' if item9 == '0' else '0'}")
    page.check(f"#phq9_9-{item9}")
    page.get_by_role("button", name="Continue").click()
    if item9 != "0":  # the safety screen comes first; the rest of the questions only if she chooses
        page.get_by_role("button", name="Answer the remaining questions").click()
    for n in range(1, 8):
        page.check(f"#gad7_{n}-1")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Which medicines do you take now?").fill("none")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # no channel consents ticked
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


def _flagged_in_queue(system, staff_token, seconds: float = 30) -> tuple[dict, list[dict]]:
    """Wait for the flagged lead in the clinicians' queue and the alert in the SendGrid stand-in's mail."""
    headers = {"Authorization": f"Bearer {staff_token('clinician')}"}

    def found():
        queue = requests.get(system.url + "/api/leads/staff/queue", headers=headers, timeout=10).json()["leads"]
        flagged = [e for e in queue if e["safety_status"] == "flagged"]
        alerts = system.mail(ALERT_TO)
        return (flagged, alerts) if flagged and alerts else None

    flagged, alerts = wait_until(found, timeout=seconds, interval=0.25)
    return flagged[0], alerts


def _safety_screen_checks(page) -> None:
    assert "alone" in page.locator("h1").inner_text()
    assert page.locator("a[href='tel:988']").count() >= 1 and page.locator("a[href='sms:988']").count() == 1
    assert "answers so far have been saved" in page.content()
    assert "$250" not in page.content() and page.locator("a[href^='/membership']").count() == 0
    assert page.locator("a[href='/newsletter']").count() == 0


def test_item9_on_the_phq9_step_gives_the_safety_screen_next_and_a_closed_tab_loses_nothing(
    browser, system, staff_token, tmp_path
):
    """The page after the PHQ-9 step is the safety screen; the tab closes; the flag and the alert are there."""
    context, page, seen = _same_origin_page(browser, system, 1280)
    _about_you(page, system.url, "maya.item9@example.com")
    page.get_by_role("button", name="Continue").click()  # no pregnancy or new baby
    for n in range(1, 9):
        page.check(f"#phq9_{n}-1")
    page.check("#phq9_9-2")
    clicked = time.monotonic()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    shown_after = time.monotonic() - clicked
    _safety_screen_checks(page)
    page.screenshot(path=str(tmp_path / "safety-after-phq9.png"), full_page=True)
    _assert_same_origin(seen, system.url)
    context.close()  # she closes the tab at once
    closed = time.monotonic()
    entry, alerts = _flagged_in_queue(system, staff_token)
    assert entry["safety_tier"] == "high"
    assert "needs a clinician" in alerts[0]["subject"]
    waited = time.monotonic() - closed
    print(f"safety screen {shown_after:.2f}s after Continue; flag and alert mail {waited:.2f}s after the tab closed")


def test_epds_item10_on_a_phone_gives_the_safety_screen_next_with_the_maternal_hotline(browser, system, tmp_path):
    """At 375 px, a new mother's EPDS step with item 10 positive is answered by the safety screen."""
    context, page, seen = _same_origin_page(browser, system, 375)
    before = len(system.mail(ALERT_TO))
    _about_you(page, system.url, "maya.epds@example.com")
    page.get_by_label("I gave birth in the last 12 months").check()
    page.get_by_role("button", name="Continue").click()
    for n in range(1, 10):
        page.check(f"#phq9_{n}-{'0' if n == 9 else '1'}")
    page.get_by_role("button", name="Continue").click()
    for n in range(1, 10):
        page.check(f"#epds_{n}-1")
    page.check("#epds_10-1")  # "Sometimes": item 10 is reverse-scored, this scores 2
    page.get_by_role("button", name="Continue").click()
    _safety_screen_checks(page)
    assert page.get_by_text("National Maternal Mental Health Hotline").count() == 1
    page.screenshot(path=str(tmp_path / "safety-after-epds-phone.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    _assert_same_origin(seen, system.url)
    context.close()
    wait_until(lambda: len(system.mail(ALERT_TO)) > before, timeout=30)


def test_finishing_from_the_safety_screen_reaches_the_safety_result(browser, system):
    """She may answer the rest from the safety screen; the last page is the safety screen, never a sales page."""
    context, page, _ = _same_origin_page(browser, system, 1280)
    _complete(page, system.url, item9="1")
    assert "alone" in page.locator("h1").inner_text()
    assert "$250" not in page.content()
    context.close()
