"""Through real processes: pay with 4242, a clinician declines, the membership is canceled and refunded, she is told."""

from __future__ import annotations

from typing import Any

import requests

from tests.billing.e2e.funnel import lead_record, pay, start_checkout, take_assessment
from tests.support.system import RunningSystem
from tests.support.waiting import wait_until

STRIPE_AUTH = {"Authorization": "Bearer sk_test_e2e"}


def _stripe(system: RunningSystem, path: str) -> Any:
    """Read an object from the Stripe stand-in's API."""
    answer = requests.get(f"{system.service_url('stripe')}/v1/{path}", headers=STRIPE_AUTH, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_member_declined_by_her_clinician_is_canceled_refunded_and_emailed(system: RunningSystem, staff_token):  # type: ignore[no-untyped-def]
    """4242 pays; the clinician declines; subscription canceled, payment refunded, one kind email sent."""
    lead_id, email = take_assessment(system)
    session = start_checkout(system, lead_id)
    assert pay(session)["result"] == "complete"
    clinician = staff_token("clinician", subject="dr-rivera")
    wait_until(lambda: lead_record(system, lead_id, clinician).get("status") == "converted", timeout=30, interval=0.3)

    declined = requests.post(
        f"{system.url}/api/leads/staff/leads/{lead_id}/status",
        timeout=10,
        json={"status": "declined", "note": "after the consultation"},
        headers={"Authorization": f"Bearer {clinician}", "X-CSRF-Token": "csrf-test"},
    )
    assert declined.status_code == 200, declined.text

    subscription_id = _stripe(system, f"checkout/sessions/{session['id']}")["subscription"]
    wait_until(
        lambda: _stripe(system, f"subscriptions/{subscription_id}")["status"] == "canceled", timeout=30, interval=0.3
    )
    invoice_id = _stripe(system, f"subscriptions/{subscription_id}")["latest_invoice"]
    intent = _stripe(system, f"invoice_payments?invoice={invoice_id}")["data"][0]["payment"]["payment_intent"]
    refunds = wait_until(
        lambda: _stripe(system, f"refunds?payment_intent={intent}")["data"] or None, timeout=30, interval=0.3
    )
    assert [(r["amount"], r["status"]) for r in refunds] == [(25000, "succeeded")]
    assert _stripe(system, f"charges/{refunds[0]['charge']}")["refunded"] is True

    mails = wait_until(
        lambda: [m for m in system.mail(to=email) if "refunded" in m["subject"]] or None, timeout=30, interval=0.3
    )
    assert len(mails) == 1 and "$250.00 payment in full" in mails[0]["text"]
    status = requests.get(f"{system.url}/api/billing/checkout-sessions/{session['id']}", timeout=30).json()
    assert status["access"]["active"] is False
    assert lead_record(system, lead_id, clinician)["status"] == "declined"
