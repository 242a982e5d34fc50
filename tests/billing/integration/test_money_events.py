"""Billing tells leads the money collected: each paid invoice and each refund, once, with amounts and ids only."""

from __future__ import annotations

from tests.billing.harness import BillingHarness
from tests.billing.integration.test_decline_refund import _member


def test_a_paid_invoice_and_its_refund_reach_leads_once_each_with_amounts_only(billing: BillingHarness) -> None:
    """Paying sends invoice.paid for $250 once (however often the mirror syncs); a refund sends refund.issued."""
    lead_id, _, sub = _member(billing)
    billing.settle()
    paid = billing.leads.of_type("invoice.paid")
    assert [e["data"] for e in paid] == [
        {
            "lead_id": lead_id,
            "invoice_id": sub["latest_invoice_id"],
            "amount_cents": 25000,
            "currency": "usd",
            "paid_at": paid[0]["data"]["paid_at"],
        }
    ]
    assert paid[0]["data"]["paid_at"].endswith("+00:00")
    billing.send_event("lead.declined", {"lead_id": lead_id, "subscription_id": sub["id"]})
    billing.settle()
    refunded = billing.leads.of_type("refund.issued")
    assert len(refunded) == 1, refunded
    data = refunded[0]["data"]
    assert set(data) == {"lead_id", "refund_id", "amount_cents", "currency", "refunded_at"}
    assert (data["lead_id"], data["amount_cents"], data["currency"]) == (lead_id, 25000, "usd")
    assert data["refund_id"].startswith("re_")
    assert len(billing.leads.of_type("invoice.paid")) == 1
