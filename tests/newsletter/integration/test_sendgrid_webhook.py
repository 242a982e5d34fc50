"""The Event Webhook: ECDSA signatures, dedupe on sg_event_id, suppression and per-campaign figures."""

from __future__ import annotations

import json
import time
from typing import Any

import requests
from sqlalchemy import func, select

from services.newsletter.signup import store
from services.newsletter.tables import sendgrid_events, subscribers
from standins.sendgrid.config import DEFAULT_SIGNING_SEED
from standins.sendgrid.signing import EventSigner
from tests.newsletter.campaign_api import act, create_campaign, progress, wait_until_sent
from tests.newsletter.local_stack import LocalStack
from tests.newsletter.seeding import seed_confirmed
from tests.support.waiting import wait_until


def _event(event_id: str, kind: str = "delivered", **extra: object) -> dict[str, object]:
    """Build one SendGrid-shaped event."""
    return {
        "email": "someone@example.com",
        "timestamp": int(time.time()),
        "event": kind,
        "sg_event_id": event_id,
        "sg_message_id": "m.1",
        **extra,
    }


def _post(
    stack: LocalStack,
    body: bytes,
    signer: EventSigner | None = None,
    timestamp: str | None = None,
    tamper: bytes | None = None,
) -> requests.Response:
    """Post a body signed by `signer` (the stand-in's key by default), optionally altered after signing."""
    signer = signer or EventSigner(DEFAULT_SIGNING_SEED)
    stamp = timestamp or str(int(time.time()))
    headers = {"Content-Type": "application/json", **signer.headers(stamp, body)}
    return requests.post(
        stack.url + "/webhooks/sendgrid", data=tamper if tamper is not None else body, headers=headers, timeout=10
    )


def _stored(stack: LocalStack) -> int:
    """Count stored events."""
    with stack.nl.db.transaction() as session:
        return int(session.execute(select(func.count()).select_from(sendgrid_events)).scalar() or 0)


def test_tampered_or_unsigned_batches_are_refused_and_nothing_is_stored(stack: LocalStack) -> None:
    """A changed body, a changed timestamp, another key or no signature → 400, no event stored."""
    body = json.dumps([_event("evt-a")]).encode()
    assert _post(stack, body, tamper=body.replace(b"delivered", b"bounce")).status_code == 400
    assert _post(stack, body, signer=EventSigner("another key")).status_code == 400
    signed = EventSigner(DEFAULT_SIGNING_SEED).headers("1700000000", body)
    replayed = requests.post(
        stack.url + "/webhooks/sendgrid",
        data=body,
        timeout=10,
        headers={**signed, "X-Twilio-Email-Event-Webhook-Timestamp": "1700000001"},
    )
    assert replayed.status_code == 400
    assert requests.post(stack.url + "/webhooks/sendgrid", data=body, timeout=10).status_code == 400
    assert _stored(stack) == 0


def test_events_are_stored_once_and_a_bad_event_does_not_fail_the_batch(stack: LocalStack) -> None:
    """Duplicates of an sg_event_id are ignored; an event without an id is skipped while the rest are kept."""
    body = json.dumps([_event("evt-1"), _event("evt-1"), {"event": "open"}, "junk", _event("evt-2", "open")]).encode()
    first = _post(stack, body)
    assert first.status_code == 200
    assert first.json() == {"received": 3, "stored": 2, "duplicates": 1, "rejected": 2}
    again = _post(stack, body)
    assert again.json()["stored"] == 0 and _stored(stack) == 2
    assert _post(stack, b"{not json").status_code == 400


def test_bounces_spam_reports_and_unsubscribes_suppress_and_count(
    stack: LocalStack, marketer_headers: dict[str, str]
) -> None:
    """Events the stand-in emits for a real send suppress addresses and fill the campaign's figures."""
    emails = seed_confirmed(stack.nl, 6)
    campaign = create_campaign(stack.url, marketer_headers)
    act(stack.url, marketer_headers, campaign["id"], "send")
    wait_until_sent(stack.url, marketer_headers, campaign["id"])
    emit = lambda email, kind, **extra: requests.post(  # noqa: E731 - a one-line local shorthand
        stack.standin_url + "/dev/sendgrid/events", json={"email": email, "event": kind, **extra}, timeout=10
    ).raise_for_status()
    emit(emails[0], "bounce", type="bounce")
    emit(emails[1], "spamreport")
    emit(emails[2], "unsubscribe")
    emit(emails[3], "bounce", type="blocked")
    emit(emails[4], "open", machine_open=True)
    emit(emails[4], "open")
    emit(emails[4], "open")
    emit(emails[5], "click", url="https://clinic.example/research")

    def figures() -> dict[str, Any]:
        return progress(stack.url, marketer_headers, campaign["id"])["engagement"]

    final = wait_until(
        lambda: (f := figures())["delivered"] == 6 and f["clicks"] == 1 and f["spam_reports"] == 1 and f, 20
    )
    assert final["opens"] == 1 and final["bounces"] == 2 and final["unsubscribes"] == 1

    def suppression(email: str) -> str | None:
        with stack.nl.db.transaction() as session:
            return store.suppression_of(session, stack.nl.hasher(email))

    wait_until(lambda: suppression(emails[2]) == "unsubscribe", 10)
    assert suppression(emails[0]) == "bounce" and suppression(emails[1]) == "spamreport"
    assert suppression(emails[3]) is None and suppression(emails[4]) is None
    with stack.nl.db.transaction() as session:
        query = select(subscribers.c.email, subscribers.c.status).where(subscribers.c.email.in_(emails[:3]))
        statuses = {email: status for email, status in session.execute(query)}
    assert statuses == {emails[0]: "confirmed", emails[1]: "unsubscribed", emails[2]: "unsubscribed"}
    again = create_campaign(stack.url, marketer_headers)
    assert act(stack.url, marketer_headers, again["id"], "send")["total"] == 3
