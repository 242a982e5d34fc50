"""A real Chromium asks for a consultation from the landing page; staff book it; the visitor cancels by the link."""

from __future__ import annotations

import base64
import re
import uuid
from datetime import date, timedelta

import pytest

from services.kit.staff_auth import COOKIE
from tests.leads.ics_reading import read_ics
from tests.support.waiting import wait_until

pytestmark = pytest.mark.browser


def _ahead(weekday: int) -> date:
    """The first day of `weekday` (0 Monday) at least a week ahead."""
    day = date.today() + timedelta(days=7)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _us(day: date) -> str:
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def _mail(system, email: str, subject: str) -> dict:
    found = wait_until(lambda: [m for m in system.mail(to=email) if m["subject"].startswith(subject)], timeout=30)
    return found[0]


def test_chromium_requests_staff_book_and_the_visitor_cancels(browser, system, staff_token):
    """Landing → /consultation (a Saturday refused) → staff confirm at 10:00 → invite in the mail → cancel."""
    email = f"maya-{uuid.uuid4().hex[:8]}@example.com"
    visitor = browser.new_context(viewport={"width": 390, "height": 900})
    page = visitor.new_page()
    page.goto(system.url + "/")
    page.get_by_role("link", name="Schedule a free consultation").click()
    page.wait_for_url("**/consultation")
    page.get_by_label("First name").fill("Maya")
    page.get_by_label("Last name").fill("Lopez")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Phone number").fill("(305) 555-0147")
    page.get_by_label("Where do you live?").select_option("FL")
    page.fill("#window_1_day", _ahead(5).isoformat())  # a Saturday
    page.select_option("#window_1_period", "morning")
    page.get_by_label("I have read and agree", exact=False).check()
    page.get_by_role("button", name="Ask for my consultation").click()
    error = page.locator("#window_1-error")
    assert "is outside our hours" in error.inner_text() and _us(_ahead(5)) in error.inner_text()
    page.screenshot(path="/tmp/consultation-refused.png", full_page=True)
    assert page.get_by_label("First name").input_value() == "Maya"  # what she typed is kept
    page.fill("#window_1_day", _ahead(1).isoformat())  # a Tuesday
    page.fill("#window_2_day", _ahead(3).isoformat())
    page.select_option("#window_2_period", "late_afternoon")
    page.get_by_label("I have read and agree", exact=False).check()
    page.get_by_role("button", name="Ask for my consultation").click()
    assert page.locator("h1").inner_text() == "Your consultation request is in"
    assert "What happens next" in page.content()
    page.screenshot(path="/tmp/consultation-done.png", full_page=True)

    staff = browser.new_context(viewport={"width": 1280, "height": 900})
    staff.add_cookies([{"name": COOKIE, "value": staff_token("clinician", subject="dr-kim"), "url": system.url}])
    desk = staff.new_page()
    desk.goto(system.url + "/admin/leads")
    desk.get_by_role("link", name="Maya Lopez").first.click()
    panel = desk.locator("#consultations")
    assert "Requested — not booked yet" in panel.inner_text()
    desk.get_by_label("Start time (Eastern)", exact=False).first.fill("10:00")
    desk.get_by_role("button", name="Confirm this time and send the invitation").click()
    assert "Confirmed" in desk.locator("#consultations").inner_text()
    desk.screenshot(path="/tmp/consultation-staff-booked.png", full_page=True)

    when = f"{_us(_ahead(1))} at 10:00 AM Eastern"
    invitation = _mail(system, email, "Your free consultation is booked")
    assert when in invitation["subject"]
    event = read_ics(base64.b64decode(invitation["attachments"][0]["content"]))
    assert event.value("METHOD") == "REQUEST"
    assert event.child("VEVENT").value("DTSTART") == f"{_ahead(1):%Y%m%d}T100000"
    assert event.child("VEVENT").params("DTSTART") == {"TZID": "America/New_York"}

    link = re.search(r"https?://\S+/consultation/manage/[\w.\-]+", invitation["text"]).group(0)
    page.goto(link)
    assert when in page.locator(".lede").inner_text()
    page.screenshot(path="/tmp/consultation-manage.png", full_page=True)
    page.get_by_role("button", name="Cancel my consultation").click()
    assert "Your consultation is cancelled." in page.locator("[role=status]").inner_text()
    page.screenshot(path="/tmp/consultation-cancelled.png", full_page=True)
    assert _mail(system, email, "Your free consultation is cancelled")["attachments"]

    desk.reload()
    assert "Cancelled by the visitor" in desk.locator("#consultations").inner_text()
    desk.screenshot(path="/tmp/consultation-staff-cancelled.png", full_page=True)
    visitor.close()
    staff.close()
