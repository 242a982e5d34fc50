"""A clinician's decline cancels the membership at once, refunds its payment once, and tells the person kindly."""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import select

from services.billing.tables import infra, invoices, refunds
from tests.billing.harness import BillingHarness, running_billing

HEALTH_WORDS = re.compile(
    r"ketamine|depress|therapy|treatment|anxiety|postpartum|diagnos|symptom|medication|assessment|safety", re.I
)


def _member(billing: BillingHarness) -> tuple[str, str, dict[str, Any]]:
    """Clear a lead, pay with 4242 and settle; return the lead id, email and mirrored subscription."""
    email = f"member-{uuid.uuid4().hex[:10]}@example.com"
    lead_id = billing.clear_lead(email=email)
    session = billing.checkout(lead_id).json()
    billing.pay(session["url"])
    billing.settle()
    sub = billing.subscription(lead_id)
    assert sub is not None and sub["status"] == "active"
    return lead_id, email, sub


def _stripe(billing: BillingHarness, path: str) -> Any:
    """Read an object straight from the Stripe stand-in."""
    answer = billing.http.get(
        f"{billing.stripe_url}/v1/{path}", headers={"Authorization": "Bearer sk_test_x"}, timeout=10
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def _refunds_at_stripe(billing: BillingHarness, invoice_id: str) -> list[dict[str, Any]]:
    """The refunds the stand-in holds for an invoice's payment."""
    payment = _stripe(billing, f"invoice_payments?invoice={invoice_id}")["data"][0]
    intent = payment["payment"]["payment_intent"]
    return _stripe(billing, f"refunds?payment_intent={intent}")["data"]  # type: ignore[no-any-return]


def _refund_emails(billing: BillingHarness, email: str) -> list[dict[str, Any]]:
    """The refund emails the SendGrid stand-in accepted for one person."""
    return [m for m in billing.mail(to=email) if "refunded" in m["subject"]]


def test_a_declined_member_is_canceled_refunded_in_full_and_emailed(billing: BillingHarness) -> None:
    """lead.declined: canceled now, $250 refunded at Stripe and in the mirror, one kind email."""
    lead_id, email, sub = _member(billing)
    billing.send_event("lead.declined", {"lead_id": lead_id, "subscription_id": sub["id"]})
    billing.settle()

    assert _stripe(billing, f"subscriptions/{sub['id']}")["status"] == "canceled"
    assert billing.subscription(lead_id)["status"] == "canceled"  # type: ignore[index]
    at_stripe = _refunds_at_stripe(billing, sub["latest_invoice_id"])
    assert [(r["amount"], r["status"]) for r in at_stripe] == [(25000, "succeeded")]
    assert at_stripe[0]["metadata"] == {"invoice_id": sub["latest_invoice_id"], "subscription_id": sub["id"]}
    assert _stripe(billing, f"charges/{at_stripe[0]['charge']}")["refunded"] is True
    refund_request = [r for r in billing.stripe_requests() if r["path"] == "/v1/refunds" and r["method"] == "POST"]
    assert [r["idempotency_key"] for r in refund_request] == [f"decline-refund:{sub['latest_invoice_id']}"]

    with billing.parts.container.db.transaction() as session:
        mirrored = session.execute(select(refunds)).mappings().all()
        refunded = session.execute(
            select(invoices.c.amount_refunded).where(invoices.c.id == sub["latest_invoice_id"])
        ).scalar()
    assert [(r["id"], r["amount"], r["invoice_id"]) for r in mirrored] == [
        (at_stripe[0]["id"], 25000, sub["latest_invoice_id"])
    ]
    assert refunded == 25000

    [mail] = _refund_emails(billing, email)
    for body in (mail["text"], mail["html"]):
        assert "your clinician decided our program is not the right fit" in body
        assert "$250.00 payment in full" in body and "5–10 business days" in body
        assert "Hello Ana," in body
    assert not HEALTH_WORDS.search(mail["subject"] + mail["text"] + mail["html"])
    assert [e["data"]["lead_id"] for e in billing.leads.of_type("subscription.canceled")] == [lead_id]


def test_staff_see_the_refunded_amount_on_the_members_invoice(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """After a decline, the staff member view shows the invoice paid $250 and refunded $250."""
    lead_id, email, sub = _member(billing)
    billing.send_event("lead.declined", {"lead_id": lead_id, "subscription_id": sub["id"]})
    billing.settle()
    headers = {"Authorization": f"Bearer {staff_token('clinician')}"}
    url = f"{billing.url}/api/billing/members/{sub['stripe_customer_id']}"
    member = billing.http.get(url, headers=headers, timeout=10).json()
    assert member["subscriptions"][0]["status"] == "canceled" and member["access"]["active"] is False
    [invoice] = member["invoices"]
    assert (invoice["amount_paid"], invoice["amount_refunded"]) == (25000, 25000)


def test_the_same_decline_delivered_twice_refunds_once(billing: BillingHarness) -> None:
    """A redelivered lead.declined (same event id) is received once: one refund request, one email."""
    lead_id, email, sub = _member(billing)
    event_id = str(uuid.uuid4())
    for _ in range(2):
        billing.send_event("lead.declined", {"lead_id": lead_id, "subscription_id": sub["id"]}, event_id=event_id)
    billing.settle()
    assert len(_refunds_at_stripe(billing, sub["latest_invoice_id"])) == 1
    assert len([r for r in billing.stripe_requests() if r["path"] == "/v1/refunds" and r["method"] == "POST"]) == 1
    assert len(_refund_emails(billing, email)) == 1


def test_a_second_decline_of_the_same_member_moves_no_more_money(billing: BillingHarness) -> None:
    """Declined, reopened and declined again (two events): the second finds the refund made and does nothing new."""
    lead_id, email, sub = _member(billing)
    billing.send_event("lead.declined", {"lead_id": lead_id, "subscription_id": sub["id"]})
    billing.settle()
    billing.send_event("lead.declined", {"lead_id": lead_id})
    billing.settle()
    assert len(_refunds_at_stripe(billing, sub["latest_invoice_id"])) == 1
    assert len(_refund_emails(billing, email)) == 1
    with billing.parts.container.db.transaction() as session:
        jobs = (
            session.execute(select(infra.outbox.c.status).where(infra.outbox.c.kind == "billing.decline_refund"))
            .scalars()
            .all()
        )
    assert jobs == ["done", "done"]


def test_a_decline_for_a_lead_without_a_subscription_changes_nothing(billing: BillingHarness) -> None:
    """A declined lead who never paid: no Stripe call to cancel or refund, no email."""
    email = f"nobody-{uuid.uuid4().hex[:8]}@example.com"
    lead_id = billing.clear_lead(email=email)
    billing.send_event("lead.declined", {"lead_id": lead_id})
    billing.settle()
    assert not [r for r in billing.stripe_requests() if r["path"].startswith(("/v1/refunds", "/v1/subscriptions"))]
    assert billing.mail(to=email) == []


def test_a_refund_made_at_stripe_shows_in_the_mirror_through_charge_refunded(billing: BillingHarness) -> None:
    """A refund made elsewhere (the dashboard) reaches the mirror by the charge.refunded webhook alone."""
    _lead_id, _email, sub = _member(billing)
    payment = _stripe(billing, f"invoice_payments?invoice={sub['latest_invoice_id']}")["data"][0]
    answer = billing.http.post(
        f"{billing.stripe_url}/v1/refunds",
        headers={"Authorization": "Bearer sk_test_x"},
        data={"payment_intent": payment["payment"]["payment_intent"], "amount": "5000"},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    billing.settle()
    with billing.parts.container.db.transaction() as session:
        refunded = session.execute(
            select(invoices.c.amount_refunded).where(invoices.c.id == sub["latest_invoice_id"])
        ).scalar()
        mirrored = session.execute(select(refunds.c.amount, refunds.c.invoice_id)).all()
    assert refunded == 5000
    assert [tuple(r) for r in mirrored] == [(5000, sub["latest_invoice_id"])]


def test_a_decline_that_outruns_stripes_webhooks_still_cancels_and_refunds(service_env) -> None:  # type: ignore[no-untyped-def]
    """She paid a moment ago and no webhook has arrived: billing finds the subscription at Stripe by her customer."""
    with running_billing(service_env, webhooks=False) as billing:
        email = f"quick-{uuid.uuid4().hex[:8]}@example.com"
        lead_id = billing.clear_lead(email=email)
        session = billing.checkout(lead_id).json()
        billing.pay(session["url"])
        assert billing.subscription(lead_id) is None  # the mirror has not heard yet
        billing.send_event("lead.declined", {"lead_id": lead_id, "subscription_id": None})
        billing.settle()
        sub = billing.subscription(lead_id)
        assert sub is not None and sub["status"] == "canceled"
        assert [r["amount"] for r in _refunds_at_stripe(billing, sub["latest_invoice_id"])] == [25000]
        assert len(_refund_emails(billing, email)) == 1
