"""Events from the leads service: opt-ins become pending subscribers; held addresses are never mailed."""

from __future__ import annotations

import json
import time
import uuid

import requests
from sqlalchemy import select

from services.kit.event_signing import sign
from services.newsletter.signup import store
from services.newsletter.tables import consents, subscribers
from tests.conftest import EVENTS_KEY
from tests.newsletter.campaign_api import act, confirmation, create_campaign, wait_until_sent
from tests.newsletter.local_stack import LocalStack
from tests.newsletter.seeding import seed_confirmed
from tests.support.waiting import wait_until


def _deliver(
    stack: LocalStack, event_type: str, data: dict[str, object], event_id: str | None = None
) -> requests.Response:
    """Post a signed event to the newsletter's inbox, as the leads worker does."""
    event = {
        "id": event_id or str(uuid.uuid4()),
        "type": event_type,
        "source": "leads",
        "occurred_at": "2026-11-21T10:00:00+00:00",
        "data": data,
    }
    body = json.dumps(event).encode()
    ts, signature = sign(EVENTS_KEY, body)
    return requests.post(
        stack.url + "/internal/events",
        data=body,
        timeout=10,
        headers={"Content-Type": "application/json", "X-Event-Timestamp": ts, "X-Event-Signature": signature},
    )


def _opt_in(email: str) -> dict[str, object]:
    """The data of a lead.newsletter_opt_in event."""
    return {
        "lead_id": str(uuid.uuid4()),
        "email": email,
        "first_name": "Ana",
        "topics": ["postpartum"],
        "consent": {
            "text_version": "assessment-consent-v3",
            "at": "2026-11-21T09:59:00+00:00",
            "ip": "203.0.113.9",
            "user_agent": "Mozilla/5.0",
        },
    }


def test_a_lead_opt_in_creates_a_pending_subscriber_that_says_website(stack: LocalStack) -> None:
    """The subscriber is pending, sourced "website" (never "assessment"), keeps the consent, and is asked to confirm."""
    email = f"lead-{uuid.uuid4().hex[:8]}@example.com"
    event_id = str(uuid.uuid4())
    assert _deliver(stack, "lead.newsletter_opt_in", _opt_in(email), event_id).status_code == 200
    assert _deliver(stack, "lead.newsletter_opt_in", _opt_in(email), event_id).json()["duplicate"] is True
    with stack.nl.db.transaction() as session:
        row = session.execute(select(subscribers).where(subscribers.c.email_hash == stack.nl.hasher(email))).one()
        consent = session.execute(select(consents).where(consents.c.subscriber_id == row.id)).one()
        topics = store.topics_of(session, row.id)
    assert row.status == "pending" and row.source == "website" and row.first_name == "Ana"
    assert topics == ["postpartum"]
    assert (
        consent.source == "website" and consent.ip == "203.0.113.9" and consent.text_version == "assessment-consent-v3"
    )
    message = stack.wait_for_mail(email, "confirm")
    assert "assessment" not in (message["text"] + message["subject"]).lower()


def test_a_held_address_is_never_mailed_and_a_cleared_one_is_again(
    stack: LocalStack, marketer_headers: dict[str, str]
) -> None:
    """Under a safety hold: no confirmation email, no campaign, no test copy; after the hold is lifted, mail resumes."""
    held = f"held-{uuid.uuid4().hex[:8]}@example.com"
    assert _deliver(stack, "contact.marketing_hold", {"email": held, "held": True}).status_code == 200
    _deliver(stack, "lead.newsletter_opt_in", _opt_in(held))
    requests.post(stack.url + "/api/newsletter/subscriptions", json={"email": held}, timeout=10)
    [subscribed] = seed_confirmed(stack.nl, 1)
    _deliver(stack, "contact.marketing_hold", {"email": subscribed.upper(), "held": True})
    campaign = create_campaign(stack.url, marketer_headers)
    requests.post(
        f"{stack.url}/api/newsletter/campaigns/{campaign['id']}/test-sends",
        json={"email": held},
        headers=marketer_headers,
        timeout=10,
    )
    # The only confirmed subscriber is held, so nobody can be mailed and sending is refused.
    refused = requests.post(
        f"{stack.url}/api/newsletter/campaigns/{campaign['id']}/send",
        headers=marketer_headers,
        json=confirmation(stack.url, marketer_headers, campaign["id"]),
        timeout=10,
    )
    assert refused.status_code == 409 and "0 subscribers" in refused.json()["errors"]["audience"][0], refused.text
    time.sleep(1.0)
    assert stack.mail(held) == [] and stack.mail(subscribed) == []
    _deliver(stack, "contact.marketing_hold", {"email": subscribed, "held": False})
    again = create_campaign(stack.url, marketer_headers)
    act(stack.url, marketer_headers, again["id"], "send")
    wait_until_sent(stack.url, marketer_headers, again["id"])
    wait_until(lambda: stack.mail(subscribed), 10)
