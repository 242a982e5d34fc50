"""GET /api/newsletter/staff/summary and the shared staff header on the newsletter's pages."""

from __future__ import annotations

from collections.abc import Callable

import requests
from sqlalchemy import insert

from services.kit.db_types import utcnow
from services.kit.staff_auth import COOKIE
from services.newsletter.tables import campaigns
from tests.newsletter.local_stack import LocalStack

URL = "/api/newsletter/staff/summary"


def _campaign(stack: LocalStack, slug: str, state: str) -> None:
    """Store a campaign in `state` as the engine would leave it."""
    with stack.nl.db.transaction() as session:
        session.execute(
            insert(campaigns).values(
                slug=slug,
                subject=f"Subject {slug}",
                markdown="Hello",
                audience="all",
                state=state,
                send_at=utcnow() if state == "scheduled" else None,
                created_by="staff:1",
            )
        )


def test_the_summary_counts_scheduled_and_sending_campaigns_for_the_right_roles(
    stack: LocalStack, staff_token: Callable[..., str]
) -> None:
    """Drafts and sent campaigns do not count; marketers and admins may ask, clinicians and strangers may not."""
    for slug, state in (("a", "scheduled"), ("b", "scheduled"), ("c", "sending"), ("d", "draft"), ("e", "sent")):
        _campaign(stack, slug, state)
    assert requests.get(stack.url + URL, timeout=10).status_code == 401
    clinician = {"Authorization": "Bearer " + staff_token("clinician")}
    assert requests.get(stack.url + URL, headers=clinician, timeout=10).status_code == 403
    marketer = requests.get(stack.url + URL, headers={"Authorization": "Bearer " + staff_token("marketer")}, timeout=10)
    assert marketer.status_code == 200 and marketer.headers["Cache-Control"] == "no-store"
    assert marketer.json() == {"campaigns_scheduled": 2, "campaigns_sending": 1}
    admin = requests.get(stack.url + URL, headers={"Authorization": "Bearer " + staff_token("admin")}, timeout=10)
    assert admin.json() == {"campaigns_scheduled": 2, "campaigns_sending": 1, "dead_letters": 0}
    spec = requests.get(stack.url + "/api/newsletter/openapi.json", timeout=10).json()
    assert "get" in spec["paths"][URL]


def test_the_campaign_pages_wear_the_shared_staff_header(stack: LocalStack, staff_token: Callable[..., str]) -> None:
    """A marketer sees Home and Newsletter (current), their name, the gateway's sign-out and the area's own links."""
    cookie = {COOKIE: staff_token("marketer", csrf="csrf-n", email="maria@clinic.example")}
    html = requests.get(stack.url + "/admin/newsletter/subscribers", cookies=cookie, timeout=10).text
    header = html.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/admin/newsletter" aria-current="true">Newsletter</a>' in header
    assert ">Leads<" not in header and ">Billing<" not in header
    assert '<strong class="staff-name">maria</strong>' in header and 'value="csrf-n"' in header
    area = html.split('aria-label="In this area">', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/admin/newsletter/subscribers" aria-current="page">Subscribers</a>' in area
