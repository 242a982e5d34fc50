"""The staff JSON API for refunds, manage links, failed events, reconcile and promotion codes."""

from __future__ import annotations

from typing import Any

import requests
from sqlalchemy import select, update

from services.billing.tables import stripe_events, subscriptions
from tests.billing.harness import BillingHarness


def _call(billing: BillingHarness, token: str, method: str, path: str, body: Any = None) -> requests.Response:
    """Call the staff API with a bearer token."""
    return requests.request(
        method, billing.url + path, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=60
    )


def test_admins_refund_replay_and_reconcile_through_the_api(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """Each call needs a reason; the refund lands at Stripe, a failed event is queued again, reconcile reports."""
    lead_id, _ = billing.subscribe()
    admin = staff_token("admin")
    with billing.parts.container.db.transaction() as session:
        customer = session.execute(
            select(subscriptions.c.stripe_customer_id).where(subscriptions.c.lead_id == lead_id)
        ).scalar_one()
        event_id = session.execute(select(stripe_events.c.id).limit(1)).scalar_one()
        session.execute(update(stripe_events).where(stripe_events.c.id == event_id).values(status="failed"))
    no_reason = _call(billing, admin, "POST", f"/api/billing/members/{customer}/cancel-now-refund", {})
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["errors"]["json"]
    refunded = _call(billing, admin, "POST", f"/api/billing/members/{customer}/cancel-now-refund", {"reason": "Asked"})
    assert refunded.status_code == 200 and refunded.json()["invoices"][0]["amount_refunded"] == 25000
    again = _call(billing, admin, "POST", f"/api/billing/members/{customer}/cancel-now-refund", {"reason": "Again"})
    assert again.status_code == 409
    assert (
        _call(
            billing, admin, "POST", "/api/billing/members/cus_nobody/resend-manage-link", {"reason": "no such member"}
        ).status_code
        == 404
    )
    assert [e["id"] for e in _call(billing, admin, "GET", "/api/billing/failed-events").json()] == [event_id]
    nothing = _call(billing, admin, "POST", "/api/billing/failed-events/replay", {"reason": "retry"})
    assert nothing.status_code == 422
    stale = _call(
        billing, admin, "POST", "/api/billing/failed-events/replay", {"event_ids": ["evt_x"], "reason": "retry"}
    )
    assert stale.status_code == 409
    queued = _call(
        billing, admin, "POST", "/api/billing/failed-events/replay", {"event_ids": [event_id], "reason": "retry"}
    )
    assert queued.json() == {"queued": 1}
    report = _call(billing, admin, "POST", "/api/billing/reconcile", {"reason": "check"})
    assert report.status_code == 200 and report.json()["customers"] >= 1 and report.json()["failed"] == 0


def test_marketers_read_promotion_codes_as_json(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """A code created at Stripe is listed with its coupon's terms."""
    auth = {"Authorization": "Bearer sk_test_api"}
    coupon = requests.post(
        f"{billing.stripe_url}/v1/coupons", data={"percent_off": "15", "duration": "forever"}, headers=auth, timeout=10
    ).json()
    requests.post(
        f"{billing.stripe_url}/v1/promotion_codes",
        data={"promotion[type]": "coupon", "promotion[coupon]": coupon["id"], "code": "SPRING15"},
        headers=auth,
        timeout=10,
    )
    listed = _call(billing, staff_token("marketer"), "GET", "/api/billing/promotion-codes")
    assert listed.status_code == 200 and listed.headers["Cache-Control"] == "no-store"
    assert [(c["code"], c["percent_off"], c["duration"], c["times_redeemed"]) for c in listed.json()] == [
        ("SPRING15", 15.0, "forever", 0)
    ]
