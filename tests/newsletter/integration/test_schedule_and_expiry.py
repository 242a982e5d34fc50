"""Scheduled campaigns start on time; unconfirmed sign-ups are forgotten; the API is documented."""

from __future__ import annotations

import uuid
from datetime import timedelta

import requests
from sqlalchemy import select, update

from services.kit.db_types import utcnow
from services.newsletter.signup.expiry import expire_pending
from services.newsletter.tables import campaigns, subscribers
from tests.newsletter.campaign_api import confirmation, create_campaign, wait_until_sent
from tests.newsletter.local_stack import LocalStack
from tests.newsletter.seeding import seed_confirmed


def test_a_scheduled_campaign_is_sent_by_the_worker_when_its_time_comes(
    stack: LocalStack, marketer_headers: dict[str, str]
) -> None:
    """Scheduling takes a local time and zone (a past one is a 409); once it has passed the worker sends it."""
    seed_confirmed(stack.nl, 4)
    campaign = create_campaign(stack.url, marketer_headers)
    base = f"{stack.url}/api/newsletter/campaigns/{campaign['id']}"
    confirmed = confirmation(stack.url, marketer_headers, campaign["id"])
    past = requests.post(
        base + "/schedule",
        json={"send_at": "2020-01-01T09:00", "timezone": "America/New_York", **confirmed},
        headers=marketer_headers,
        timeout=10,
    )
    assert past.status_code == 409 and past.json()["errors"]["send_at"] == ["the send time is in the past"]
    bad_zone = requests.post(
        base + "/schedule",
        json={"send_at": "2031-01-01T09:00", "timezone": "Mars/Olympus", **confirmed},
        headers=marketer_headers,
        timeout=10,
    )
    assert bad_zone.status_code == 422
    assert bad_zone.json()["errors"]["json"]["timezone"] == ["Choose an IANA time zone, such as America/New_York."]
    whole = requests.post(
        base + "/schedule",
        json={"send_at": "2031-01-01T09:00:00Z", "audience_count": 3.0, "confirmation": "not-this-one"},
        headers=marketer_headers,
        timeout=10,
    )
    assert whole.status_code == 409 and "confirmation" in whole.json()["errors"], whole.text
    scheduled = requests.post(
        base + "/schedule",
        json={"send_at": "2031-07-01T09:00", "timezone": "America/New_York", **confirmed},
        headers=marketer_headers,
        timeout=10,
    ).json()
    assert scheduled["state"] == "scheduled" and scheduled["send_at"].startswith("2031-07-01T13:00")
    with stack.nl.db.transaction() as session:
        session.execute(
            update(campaigns).where(campaigns.c.id == campaign["id"]).values(send_at=utcnow() - timedelta(seconds=1))
        )
    final = wait_until_sent(stack.url, marketer_headers, campaign["id"], timeout=30)
    assert final["total"] == 4 and final["sent"] == 4


def test_unconfirmed_sign_ups_expire_after_the_configured_days(stack: LocalStack) -> None:
    """A pending subscriber older than PENDING_EXPIRY_DAYS is deleted; a fresh one and confirmed ones stay."""
    old, fresh = (f"p-{uuid.uuid4().hex[:8]}@example.com" for _ in range(2))
    for email in (old, fresh):
        requests.post(stack.url + "/api/newsletter/subscriptions", json={"email": email}, timeout=10)
    [confirmed] = seed_confirmed(stack.nl, 1)
    long_ago = utcnow() - timedelta(days=stack.nl.settings.pending_expiry_days, minutes=1)
    with stack.nl.db.transaction() as session:
        for email in (old, confirmed):
            session.execute(
                update(subscribers)
                .where(subscribers.c.email_hash == stack.nl.hasher(email))
                .values(updated_at=long_ago)
            )
    assert expire_pending(stack.nl) == 1
    with stack.nl.db.transaction() as session:
        left = set(session.execute(select(subscribers.c.email)).scalars())
    assert old not in left and {fresh, confirmed} <= left


def test_the_openapi_document_lists_the_newsletter_api(stack: LocalStack) -> None:
    """Sign-up and campaign endpoints appear in /api/newsletter/openapi.json."""
    spec = requests.get(stack.url + "/api/newsletter/openapi.json", timeout=10).json()
    paths = spec["paths"]
    assert "/api/newsletter/subscriptions" in paths
    assert "/api/newsletter/campaigns/{campaign_id}/send" in paths
    assert "/api/newsletter/campaigns/{campaign_id}/progress" in paths
