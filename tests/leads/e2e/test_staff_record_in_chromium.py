"""A clinician signs in through the gateway in Chromium and works the queue and a lead's record."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from datetime import timedelta

import pytest
import requests
from sqlalchemy import create_engine, update

from services.kit.db import normalise_url
from services.kit.db_types import utcnow
from services.leads.tables import safety_alerts
from tests.leads import payloads

pytestmark = pytest.mark.browser

PASSWORD = "a long clinic passphrase"
SHOTS = os.environ.get("STAFF_RECORD_SHOTS", "")  # a folder to keep screenshots in, when someone wants to look
EASTERN = re.compile(r"[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M E[SD]T")


def _create_clinician(system) -> str:
    email = f"nurse-{uuid.uuid4().hex[:6]}@clinic.example"
    env = {**os.environ, **system.env, "STAFF_PASSWORD": PASSWORD}
    command = [sys.executable, "-m", "gateway.staff.cli", "create-user", "--email", email, "--role", "clinician"]
    subprocess.run([*command, "--password-env", "STAFF_PASSWORD"], env=env, check=True, capture_output=True)
    return email


def _make_overdue(system, minutes: int) -> None:
    """Move every open alert's deadline into the past, as if nobody had answered in time."""
    engine = create_engine(normalise_url(system.env["LEADS_DATABASE_URL"]))
    with engine.begin() as connection:
        connection.execute(
            update(safety_alerts)
            .where(safety_alerts.c.acknowledged_at.is_(None))
            .values(due_at=utcnow() - timedelta(minutes=minutes))
        )
    engine.dispose()


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"))
        page.screenshot(path=os.path.join(SHOTS, f"{name}-full.png"), full_page=True)


def _visible(page) -> str:
    return " ".join(page.inner_text("main").split())


def test_a_clinician_reads_the_queue_and_record_in_words_and_acknowledges_by_name(browser, system):
    """Queue and lead page show kinds, Eastern deadlines and the inquiry; acknowledging names the clinician."""
    flagged = requests.post(system.url + "/api/leads/assessments", json=payloads.flagged(item9=2), timeout=10)
    assert flagged.status_code == 201
    sent = requests.post(
        system.url + "/contact",
        data={
            "name": "Luis Ortega",
            "email": f"luis-{uuid.uuid4().hex[:6]}@example.com",
            "relationship": "partner",
            "message": "My wife said we would be better off without her.",
            "consent": "yes",
        },
        timeout=10,
    )
    assert sent.status_code == 201
    email = _create_clinician(system)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(system.url + "/admin/leads")
    page.wait_for_url("**/staff/login**")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/leads")
    queue = _visible(page)
    _shot(page, "queue")
    assert "High urgency" in queue and "Inquiry" in queue and EASTERN.search(queue) and "Due " in queue
    assert "None" not in queue and "_" not in queue

    page.get_by_role("link", name="Luis Ortega").click()
    inquiry = _visible(page)
    _shot(page, "inquiry")
    assert "My wife said we would be better off without her." in inquiry
    assert "The sender's partner or spouse" in inquiry and page.locator('a[href^="mailto:luis-"]').count() == 1

    page.goto(system.url + "/admin/leads")
    page.get_by_role("link", name="Ana Diaz").first.click()
    record = _visible(page)
    assert "Safety flag: High urgency" in record and "Respond by" in record
    assert (
        "Thoughts that you would be better off dead or of hurting yourself in some way More than half the days"
        in record
    )
    _shot(page, "flagged-lead")
    _make_overdue(system, minutes=40)
    page.reload()
    assert "Overdue: the response was due" in _visible(page) and "40 minutes ago" in _visible(page)
    _shot(page, "overdue-lead")
    lead_url = page.url
    page.goto(system.url + "/admin/leads")
    assert "Overdue since" in _visible(page)
    _shot(page, "overdue-queue")
    page.goto(lead_url)
    page.get_by_role("button", name="Acknowledge alert").click()
    page.wait_for_url("**done=acknowledge")
    acknowledged = _visible(page)
    _shot(page, "acknowledged")
    assert f"Acknowledged by {email}" in acknowledged and "staff:" not in acknowledged

    phone = browser.new_context(viewport={"width": 390, "height": 844}, storage_state=context.storage_state())
    small = phone.new_page()
    for url in (page.url, system.url + "/admin/leads"):
        small.goto(url)
        _shot(small, "phone-" + ("queue" if url.endswith("/admin/leads") else "lead"))
        # wide tables scroll inside their own box; the page itself never scrolls sideways on a phone
        assert small.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()

    page.get_by_role("link", name="Erase this person's details…").click()
    _shot(page, "erase-confirm")
    page.get_by_label("Reason for erasing", exact=False).fill("She asked by phone")
    page.get_by_role("button", name="Erase permanently").click()
    assert "Nothing was erased." in _visible(page)
    page.get_by_label("Type ERASE to confirm").fill("ERASE")
    page.get_by_role("button", name="Erase permanently").click()
    page.wait_for_url("**done=erase")
    assert "This person's details were erased." in _visible(page)
    context.close()
