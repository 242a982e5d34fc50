"""A real Chromium signs up, confirms with one click, and changes preferences, all through the gateway."""

from __future__ import annotations

import re
import uuid
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from services.kit.staff_auth import COOKIE
from tests.support.system import RunningSystem
from tests.support.waiting import wait_until

pytestmark = pytest.mark.browser


def _link(system: RunningSystem, email: str, subject_part: str, path: str) -> str:
    """Wait for a message and return its link to `path`."""

    def found() -> dict[str, Any] | None:
        return next((m for m in system.mail(email) if subject_part in m["subject"]), None)

    message = wait_until(found, timeout=30)
    assert message is not None
    match = re.search(re.escape(system.url + path) + r"\?token=[A-Za-z0-9._\-]+", message["text"])
    assert match
    return match.group(0)


def test_sign_up_confirm_and_preferences_in_a_real_browser(system: RunningSystem, browser: object) -> None:
    """The form, the one-click confirmation (its script runs under the CSP) and the preferences page all work."""
    email = f"chromium-{uuid.uuid4().hex[:8]}@example.com"
    page = browser.new_page()  # type: ignore[attr-defined]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(system.url + "/newsletter")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Postpartum and new parents").check()
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_url("**/newsletter/check-email")
    assert "Check your inbox" in page.content()

    page.goto(_link(system, email, "confirm", "/newsletter/confirm"))
    page.wait_for_selector("text=You are subscribed")

    page.goto(_link(system, email, "Welcome", "/newsletter/preferences"))
    assert page.get_by_label("Postpartum and new parents").is_checked()
    page.get_by_label("Research news").check()
    page.get_by_label("Pause the newsletter").check()
    page.get_by_role("button", name="Save preferences").click()
    page.wait_for_selector("text=Your preferences are saved")
    assert page.get_by_label("Research news").is_checked() and page.get_by_label("Pause the newsletter").is_checked()

    page.get_by_role("button", name="Unsubscribe from everything").click()
    page.wait_for_selector("text=You are unsubscribed")
    origins = {urlsplit(url).netloc for url in requested}
    assert origins == {urlsplit(system.url).netloc}, origins
    page.close()


def test_the_sign_up_form_shows_field_errors_without_javascript(system: RunningSystem, browser: object) -> None:
    """With scripts off, a bad address comes back with an error summary and the typed values kept."""
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(system.url + "/newsletter")
    page.get_by_label("Email address").fill("not-an-address")
    page.get_by_role("button", name="Subscribe").click()
    assert page.locator(".error-summary").is_visible()
    assert page.get_by_label("Email address").input_value() == "not-an-address"
    context.close()


def test_the_staff_subscriber_list_fits_a_phone_and_links_back_to_staff_pages(
    system: RunningSystem, browser: object, staff_token: Any
) -> None:
    """At 375px the page never scrolls sideways (the table scrolls in its own box); the menu reaches staff home."""
    email = f"a-rather-long-address-for-a-narrow-screen-{uuid.uuid4().hex[:8]}@example.com"
    answer = requests.post(
        system.url + "/api/newsletter/subscriptions",
        json={"email": email, "first_name": "Bartholomew", "topics": ["research_news", "postpartum"]},
        timeout=10,
    )
    assert answer.status_code == 202
    context = browser.new_context(viewport={"width": 375, "height": 740})  # type: ignore[attr-defined]
    host = urlsplit(system.url).hostname
    context.add_cookies([{"name": COOKIE, "value": staff_token("marketer"), "domain": host, "path": "/"}])
    page = context.new_page()
    page.goto(system.url + "/admin/newsletter/subscribers")
    assert email in page.content()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    assert page.locator(".table-scroll table").count() == 1
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Home").get_attribute("href") == "/staff"
    area = page.get_by_role("navigation", name="In this area")
    assert area.get_by_role("link", name="Funnel").get_attribute("href") == "/admin/leads/funnel"
    context.close()
