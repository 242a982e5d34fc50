"""A husband writes on /contact in a real Chromium: the next page leads with the crisis lines; the emails go out."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.support.waiting import wait_until

pytestmark = pytest.mark.browser

SENTENCE = "My wife said we would be better off without her. She has not slept in days."


def _send(page, base: str, email: str, message: str) -> None:
    """Fill the form by its labels, as a visitor would, and send it."""
    page.goto(base + "/contact")
    page.get_by_label("Your name").fill("Luis Ortega")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("My partner or spouse").check()
    page.get_by_label("Your message").fill(message)
    page.get_by_label("I agree that the clinic may contact me", exact=False).check()
    page.get_by_role("button", name="Send my message").click()
    page.wait_for_load_state()


def test_crisis_sentence_on_contact_shows_the_crisis_lines_first_and_alerts_a_clinician(browser, system):
    """The page's first words and first links are 911 and 988; the alert, notice and acknowledgement follow."""
    email = f"luis-{uuid.uuid4().hex[:8]}@example.com"
    context = browser.new_context(viewport={"width": 375, "height": 900})
    page = context.new_page()
    _send(page, system.url, email, SENTENCE)
    main = page.locator("main")
    assert page.locator("h1").inner_text().startswith("Thank you for telling us")
    links = [main.locator("a").nth(i).get_attribute("href") for i in range(3)]
    assert links == ["tel:911", "tel:988", "sms:988"]
    text = main.inner_text()
    assert text.index("911") < text.index("988") < text.index("clinician") and "one business day" not in text
    assert page.locator("a[href^='/membership']").count() == 0
    page.screenshot(path="/tmp/contact-crisis-375.png", full_page=True)
    context.close()

    alert = wait_until(
        lambda: [m for m in system.mail(to="oncall@clinic.example") if "inquiry" in m["subject"]], timeout=30
    )[0]
    assert re.search(r"acknowledge by .* E[SD]T", alert["text"]) and "/admin/leads/" in alert["text"]
    ack = wait_until(lambda: system.mail(to=email), timeout=30)[0]
    assert ack["text"].startswith("If you or anyone else may be in danger right now, call 911.")
    notice = wait_until(lambda: system.mail(to="intake@clinic.example"), timeout=30)[0]
    for mail in (alert, ack, notice):
        whole = f"{mail['subject']} {mail['text']} {mail['html']}".lower()
        assert "better off" not in whole and "wife" not in whole and "slept" not in whole


def test_ordinary_message_on_contact_gets_the_one_business_day_thanks(browser, system):
    """A practical question is thanked with the usual promise, at desktop width."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _send(page, system.url, f"ana-{uuid.uuid4().hex[:8]}@example.com", "Do you take Florida Blue insurance?")
    assert "we have your message" in page.locator("h1").inner_text()
    assert "reply within one business day" in page.locator("main").inner_text()
    page.screenshot(path="/tmp/contact-ordinary-1280.png", full_page=True)
    context.close()
