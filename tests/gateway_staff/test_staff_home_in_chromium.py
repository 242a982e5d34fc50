"""In Chromium: each role's staff home with its figures, and one header across the gateway and the three services."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, insert

from services.billing.tables import subscriptions
from services.kit.db import normalise_url
from services.kit.db_types import utcnow
from services.newsletter.tables import campaigns
from tests.leads import payloads
from tests.support.databases import DatabaseFactory
from tests.support.system import RunningSystem, running_system

pytestmark = pytest.mark.browser

PASSWORD = "a long clinic passphrase"
SHOTS = Path(os.environ.get("STAFF_SHELL_SHOTS", "/tmp/shots-shell"))
EASTERN = re.compile(r"Nearest deadline [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M E[SD]T")


def _insert(url: str, table, rows: list[dict]) -> None:
    """Store rows straight into a service's database, as its own code would have left them."""
    engine = create_engine(normalise_url(url))
    with engine.begin() as connection:
        connection.execute(insert(table), rows)
    engine.dispose()


@pytest.fixture(scope="module")
def system(databases: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSystem]:
    """The whole system with a flagged lead, an inquiry, three memberships and a scheduled campaign."""
    with running_system(databases, tmp_path_factory.mktemp("home-logs")) as running:
        assert requests.post(running.url + "/api/leads/assessments", json=payloads.flagged(), timeout=10).ok
        inquiry = {
            "name": "Luis Ortega",
            "email": f"luis-{uuid.uuid4().hex[:6]}@example.com",
            "relationship": "partner",
            "message": "Could my wife be seen this month?",
            "consent": "yes",
        }
        assert requests.post(running.url + "/contact", data=inquiry, timeout=10).status_code == 201
        now = utcnow()
        member = {"currency": "usd", "amount_cents": 25000, "created_at": now}
        _insert(
            running.env["BILLING_DATABASE_URL"],
            subscriptions,
            [
                {**member, "id": "sub_1", "stripe_customer_id": "cus_1", "status": "active"},
                {**member, "id": "sub_2", "stripe_customer_id": "cus_2", "status": "active"},
                {**member, "id": "sub_3", "stripe_customer_id": "cus_3", "status": "past_due"},
            ],
        )
        next_week = now + timedelta(days=7)  # still scheduled while the pages are read
        campaign = {"markdown": "Hello", "audience": "everyone", "created_by": "staff:1", "created_at": now}
        _insert(
            running.env["NEWSLETTER_DATABASE_URL"],
            campaigns,
            [
                {
                    **campaign,
                    "slug": "winter",
                    "subject": "Winter hours",
                    "state": "scheduled",
                    "send_at": next_week,
                }
            ],
        )
        yield running


def _account(system: RunningSystem, role: str) -> str:
    """Create a staff account with the command-line tool and return its address."""
    email = f"{role}-{uuid.uuid4().hex[:6]}@clinic.example"
    env = {**os.environ, **system.env, "STAFF_PASSWORD": PASSWORD}
    command = [sys.executable, "-m", "gateway.staff.cli", "create-user", "--email", email, "--role", role]
    subprocess.run([*command, "--password-env", "STAFF_PASSWORD"], env=env, check=True, capture_output=True)
    return email


def _home(browser, system: RunningSystem, role: str):
    """Sign in as a new account with `role` and return the page showing the staff home."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    email = _account(system, role)
    page.goto(system.url + "/staff/login")
    _shot(page, "sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/staff")
    assert f"Signed in as {email.partition('@')[0]}" in page.inner_text("header")
    return page


def _text(page, selector: str = "main") -> str:
    return " ".join(page.inner_text(selector).split())


def _nav(page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator('nav[aria-label="Main"] a').all_inner_texts()]


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_an_admin_sees_every_figure_and_the_same_header_in_every_service(browser, system):
    """Flags with an Eastern deadline, leads, campaigns, members and MRR in dollars; one header on every page."""
    page = _home(browser, system, "admin")
    home = _text(page)
    _shot(page, "home-admin")
    assert "1 Open safety flags" in home and EASTERN.search(home)
    assert "1 Inquiries waiting" in home and "2 New leads today" in home
    assert "1 Campaigns scheduled" in home and "0 Campaigns sending" in home
    assert "2 Active members" in home and "$500 Monthly recurring revenue" in home and "1 Past-due members" in home
    assert "unavailable" not in home and "None" not in home
    assert _nav(page) == ["Home", "Leads", "Newsletter", "Billing", "Admin"]
    page.get_by_role("link", name=re.compile("Open safety flags")).click()
    page.wait_for_url("**/admin/leads")
    assert page.locator('nav[aria-label="Main"] a[aria-current]').inner_text() == "Leads"
    _shot(page, "shell-leads")
    for title, path in (("Billing", "/admin/billing"), ("Newsletter", "/admin/newsletter")):
        page.locator('nav[aria-label="Main"]').get_by_role("link", name=title, exact=True).click()
        page.wait_for_url("**" + path)
        assert _nav(page) == ["Home", "Leads", "Newsletter", "Billing", "Admin"]
        assert page.locator('nav[aria-label="Main"] a[aria-current]').inner_text() == title
        _shot(page, "shell-" + title.lower())
    page.get_by_role("button", name="Sign out").click()  # from the newsletter's page, to the gateway
    page.wait_for_url("**/staff/login")
    page.goto(system.url + "/admin/billing")
    page.wait_for_url("**/staff/login?next=%2Fadmin%2Fbilling")
    page.context.close()


def test_a_clinician_sees_the_clinical_figures_only(browser, system):
    """Flags, today's leads, inquiries and consultations; no campaign or money figures."""
    page = _home(browser, system, "clinician")
    home = _text(page)
    _shot(page, "home-clinician")
    assert "1 Open safety flags" in home and "1 Inquiries waiting" in home and "Consultations waiting" in home
    assert "Campaigns" not in home and "Monthly recurring revenue" not in home
    assert _nav(page) == ["Home", "Leads", "Billing"]
    page.context.close()


def test_a_marketer_sees_todays_leads_and_the_campaigns(browser, system):
    """Leads today (linking to the funnel) and campaigns; no safety flags, no billing."""
    page = _home(browser, system, "marketer")
    home = _text(page)
    _shot(page, "home-marketer")
    assert "2 New leads today" in home and "1 Campaigns scheduled" in home
    assert "safety" not in home.lower() and "members" not in home
    assert page.get_by_role("link", name=re.compile("New leads today")).get_attribute("href") == "/admin/leads/funnel"
    assert _nav(page) == ["Home", "Newsletter"]
    page.context.close()
