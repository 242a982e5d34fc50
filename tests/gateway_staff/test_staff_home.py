"""The staff home asks each service for its figures at once; a slow or failing service degrades only its tiles."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, jsonify, request

from tests.gateway_staff.pages import sign_in_through_page
from tests.support.servers import ThreadServer

LEADS = {
    "new_leads_today": 4,
    "open_safety_flags": 2,
    "nearest_safety_deadline": "2026-12-03T15:30:00+00:00",
    "inquiries_waiting": 1,
    "consultations_waiting": 3,
    "dead_letters": 0,
}
BILLING = {
    "active_members": 12,
    "monthly_recurring_revenue_cents": 300000,
    "past_due_members": 1,
    "failed_webhooks": 2,
    "dead_letters": 1,
}
NEWSLETTER = {"campaigns_scheduled": 2, "campaigns_sending": 1}


class Upstream:
    """A service's summary endpoint that records who asked and can be made to stall or fail."""

    def __init__(self, path: str, figures: dict[str, Any]):
        self.figures, self.delay, self.status = figures, 0.0, 200
        self.seen: list[str] = []
        self.release = threading.Event()
        app = Flask(f"upstream{path.replace('/', '_')}")

        @app.get(path)
        def summary() -> Any:
            """Answer with the figures, after the configured delay."""
            self.seen.append(request.headers.get("Authorization", ""))
            if self.delay:
                self.release.wait(self.delay)
            return jsonify(self.figures if self.status == 200 else {"code": self.status}), self.status

        self.server = ThreadServer(app)


@pytest.fixture
def upstreams() -> Iterator[dict[str, Upstream]]:
    """Three summary endpoints on their own ports."""
    made = {
        "leads": Upstream("/api/leads/staff/summary", LEADS),
        "billing": Upstream("/api/billing/staff/summary", BILLING),
        "newsletter": Upstream("/api/newsletter/staff/summary", NEWSLETTER),
    }
    for upstream in made.values():
        upstream.server.__enter__()
    yield made
    for upstream in made.values():
        upstream.release.set()
        upstream.server.__exit__()


@pytest.fixture
def home_app(make_app, make_settings, upstreams) -> Flask:
    """The staff pages with the three services at the test's upstreams and a short home timeout."""
    urls = {f"{name}_url": upstream.server.url for name, upstream in upstreams.items()}
    return make_app(make_settings(staff_home_timeout=0.5, **urls))


def _words(html: str) -> str:
    """The page's text without tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_an_admin_sees_every_figure_in_words_dollars_and_eastern_time_each_linking_to_its_list(
    home_app, member, upstreams
):
    """Safety flags with the nearest deadline, leads, inquiries, campaigns, members, MRR in dollars, failures."""
    client = home_app.test_client()
    admin = member("admin")
    sign_in_through_page(client, admin.email, admin.password)
    page = client.get("/staff")
    html = page.get_data(as_text=True)
    text = _words(html)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "2 Open safety flags Nearest deadline Dec 3, 2026, 10:30 AM EST" in text
    assert "4 New leads today" in text and "1 Inquiries waiting" in text and "3 Consultations waiting" in text
    assert "2 Campaigns scheduled" in text and "1 Campaigns sending" in text
    assert "12 Active members" in text and "$3,000 Monthly recurring revenue" in text
    assert "1 Past-due members" in text and "2 Failed webhooks" in text and "1 Dead letters" in text
    assert 'href="/admin/billing?state=past_due"' in html and 'href="/admin/leads?created_from=' in html
    assert "unavailable" not in text and "None" not in text and "_" not in text
    token = client.get_cookie("staff_token").value  # type: ignore[union-attr]
    assert all(upstream.seen == [f"Bearer {token}"] for upstream in upstreams.values())


def test_a_stalled_service_degrades_only_its_own_tiles(home_app, member, upstreams):
    """Billing hangs: the page still answers within the timeout and says only billing's figures are missing."""
    upstreams["billing"].delay = 5.0
    upstreams["newsletter"].status = 503
    client = home_app.test_client()
    admin = member("admin")
    sign_in_through_page(client, admin.email, admin.password)
    started = time.monotonic()
    page = client.get("/staff")
    elapsed = time.monotonic() - started
    text = _words(page.get_data(as_text=True))
    assert page.status_code == 200 and elapsed < 2.0
    assert (
        "Billing figures are unavailable right now" in text and "Newsletter figures are unavailable right now" in text
    )
    assert "2 Open safety flags" in text and "Leads figures are unavailable" not in text
    assert "Active members" not in text


def test_each_role_is_asked_only_for_its_own_figures(home_app, member, upstreams):
    """A marketer's home asks leads and newsletter, never billing; a clinician's asks leads alone."""
    client = home_app.test_client()
    marketer = member("marketer")
    sign_in_through_page(client, marketer.email, marketer.password)
    html = client.get("/staff").get_data(as_text=True)
    assert (
        len(upstreams["leads"].seen) == 1 and len(upstreams["newsletter"].seen) == 1 and not upstreams["billing"].seen
    )
    assert 'href="/admin/leads/funnel"' in html and "Campaigns scheduled" in html
    clinician_client = home_app.test_client()
    clinician = member("clinician")
    sign_in_through_page(clinician_client, clinician.email, clinician.password)
    clinician_client.get("/staff")
    assert (
        len(upstreams["leads"].seen) == 2 and len(upstreams["newsletter"].seen) == 1 and not upstreams["billing"].seen
    )
