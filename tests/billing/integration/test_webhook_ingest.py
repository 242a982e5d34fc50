"""POST /webhooks/stripe: signature on the raw body, stored once, processed by the worker."""

from __future__ import annotations

import json
import time
import uuid

from sqlalchemy import func, select

from services.billing.tables import stripe_events
from services.billing.webhooks.failed import failed_events, replay
from services.billing.webhooks.signature import sign
from tests.billing.harness import WEBHOOK_SECRET, BillingHarness, running_billing


def _event(object_id: str = "sub_missing", event_type: str = "customer.subscription.updated") -> bytes:
    """Build a Stripe-shaped event body."""
    return json.dumps(
        {
            "id": f"evt_{uuid.uuid4().hex}",
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "data": {"object": {"id": object_id}},
        }
    ).encode()


def _post(billing: BillingHarness, body: bytes, signature: str | None):  # type: ignore[no-untyped-def]
    """Deliver a body with a given signature header."""
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["Stripe-Signature"] = signature
    return billing.http.post(billing.url + "/webhooks/stripe", data=body, headers=headers, timeout=10)


def _stored(billing: BillingHarness) -> int:
    """Count stored events."""
    with billing.parts.container.db.transaction() as db:
        return int(db.execute(select(func.count()).select_from(stripe_events)).scalar() or 0)


def test_tampered_missing_wrong_and_stale_signatures_are_refused_and_nothing_is_stored(billing: BillingHarness) -> None:
    """Each bad signature answers 400 in the error shape and stores nothing."""
    body = _event()
    now = int(time.time())
    bad = [
        (body.replace(b"sub_missing", b"sub_tampered"), sign(body, WEBHOOK_SECRET)),
        (body, None),
        (body, "t=abc,v1=00"),
        (body, sign(body, "whsec_someone_else")),
        (body, sign(body, WEBHOOK_SECRET, now - 301)),
        (body, sign(body, WEBHOOK_SECRET, now + 301)),
    ]
    for payload, signature in bad:
        answer = _post(billing, payload, signature)
        assert answer.status_code == 400
        assert set(answer.json()) == {"code", "status", "message", "errors"}
    assert _stored(billing) == 0


def test_a_signed_event_is_stored_once_however_often_it_is_delivered(billing: BillingHarness) -> None:
    """Delivering the same event three times stores one row and answers 2xx each time."""
    body = _event()
    answers = [_post(billing, body, sign(body, WEBHOOK_SECRET)) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a.json()["duplicate"] for a in answers] == [False, True, True]
    assert _stored(billing) == 1


def test_signed_junk_is_refused_as_not_an_event(billing: BillingHarness) -> None:
    """A correctly signed body that is not an event answers 400 and stores nothing."""
    for body in (b"not json", b"[]", b'{"object": "event"}'):
        assert _post(billing, body, sign(body, WEBHOOK_SECRET)).status_code == 400
    assert _stored(billing) == 0


def test_both_secrets_are_accepted_during_a_rotation(service_env) -> None:  # type: ignore[no-untyped-def]
    """With two secrets configured, events signed with either are stored."""
    with running_billing(service_env, STRIPE_WEBHOOK_SECRETS=f"whsec_new_one,{WEBHOOK_SECRET}") as billing:
        for secret in ("whsec_new_one", WEBHOOK_SECRET):
            body = _event()
            assert _post(billing, body, sign(body, secret)).status_code == 200
        assert _stored(billing) == 2


def test_an_event_whose_object_stripe_does_not_know_fails_visibly_and_can_be_replayed(billing: BillingHarness) -> None:
    """A failing event is listed with its error; replaying it after the cause is fixed processes it."""
    body = _event("sub_does_not_exist")
    _post(billing, body, sign(body, WEBHOOK_SECRET))
    billing.settle()
    failed = failed_events(billing.parts.container)
    assert len(failed) == 1 and "NotFoundAtProvider" in failed[0]["last_error"]
    lead_id, _ = billing.subscribe()
    sub = billing.subscription(lead_id)
    assert sub is not None
    with billing.parts.container.db.transaction() as db:
        db.execute(stripe_events.update().where(stripe_events.c.id == failed[0]["id"]).values(object_id=sub["id"]))
    assert replay(billing.parts.container, every_failed=True) == 1
    billing.settle()
    assert failed_events(billing.parts.container) == []


def test_a_provider_outage_is_retried_and_recorded_on_the_event(billing: BillingHarness) -> None:
    """A 500 from Stripe while processing leaves the event failed with its error, to be retried later."""
    lead_id = billing.clear_lead()
    session = billing.checkout(lead_id).json()
    billing.standin.sender.wait_idle(10)  # type: ignore[union-attr]
    billing.http.post(billing.stripe_url + "/dev/stripe/faults", json={"mode": "500", "count": 50}, timeout=10)
    billing.pay(session["url"])
    billing.standin.sender.wait_idle(10)  # type: ignore[union-attr]
    billing.worker.run_once()
    billing.http.post(billing.stripe_url + "/dev/stripe/faults", json={"mode": None}, timeout=10)
    errors = [e["last_error"] for e in failed_events(billing.parts.container)]
    assert errors and all("PaymentGatewayError" in e for e in errors)
