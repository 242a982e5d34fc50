"""A clinician declining a paying member tells billing to cancel and refund; the lead stays declined."""

from __future__ import annotations

from services.kit.db_types import utcnow
from services.leads.tables import lead_history, leads
from tests.leads import payloads
from tests.leads.integration.billing_events import from_billing
from tests.leads.integration.db_rows import events_of, rows


def _member(client, submit, parts) -> str:
    """A likely-eligible visitor who paid before her consultation (billing said the subscription started)."""
    lead_id = submit(payloads.likely_eligible()).get_json()["id"]
    started = {
        "lead_id": lead_id,
        "subscription_id": "sub_paid",
        "amount_cents": 25000,
        "currency": "usd",
        "activated_at": utcnow().isoformat(),
    }
    assert from_billing(client, "subscription.activated", started) == 200
    assert rows(parts, leads)[0].status == "converted"
    return lead_id


def test_declining_a_paying_member_publishes_lead_declined_to_billing(client, submit, parts, staff_headers):
    """converted → declined is allowed, and billing is told which subscription to cancel; nothing else."""
    lead_id = _member(client, submit, parts)
    url = f"/api/leads/staff/leads/{lead_id}/status"
    answer = client.post(
        url,
        json={"status": "declined", "note": "not right for her"},
        headers=staff_headers("clinician", subject="dr-lee"),
    )
    assert answer.status_code == 200, answer.get_json()
    [event] = events_of(parts, "lead.declined")
    assert event["source"] == "leads" and event["data"] == {"lead_id": lead_id, "subscription_id": "sub_paid"}
    assert events_of(parts, "lead.checkout_revoked")


def test_a_lead_who_could_buy_is_announced_too_in_case_she_just_paid(client, submit, parts, staff_headers):
    """A likely-eligible lead cleared for checkout is announced without a subscription id; billing checks Stripe."""
    lead_id = submit(payloads.likely_eligible()).get_json()["id"]
    answer = client.post(
        f"/api/leads/staff/leads/{lead_id}/status", json={"status": "declined"}, headers=staff_headers("clinician")
    )
    assert answer.status_code == 200
    assert [e["data"] for e in events_of(parts, "lead.declined")] == [{"lead_id": lead_id, "subscription_id": None}]


def test_declining_a_lead_who_could_never_buy_tells_billing_nothing(client, submit, parts, staff_headers):
    """A lead never cleared for checkout (sent to review) has nothing at billing, so no lead.declined goes out."""
    answer = submit(payloads.body()).get_json()
    assert answer["outcome"] == "needs_review"
    moved = client.post(
        f"/api/leads/staff/leads/{answer['id']}/status", json={"status": "declined"}, headers=staff_headers("clinician")
    )
    assert moved.status_code == 200
    assert events_of(parts, "lead.declined") == []


def test_the_cancellation_that_follows_a_decline_keeps_the_lead_declined(client, submit, parts, staff_headers):
    """billing's subscription.canceled after a decline is recorded, but the lead does not turn into a lost sale."""
    lead_id = _member(client, submit, parts)
    client.post(
        f"/api/leads/staff/leads/{lead_id}/status", json={"status": "declined"}, headers=staff_headers("clinician")
    )
    ended = {"lead_id": lead_id, "subscription_id": "sub_paid", "canceled_at": utcnow().isoformat()}
    assert from_billing(client, "subscription.canceled", ended) == 200
    assert rows(parts, leads)[0].status == "declined"
    kinds = [h.kind for h in rows(parts, lead_history, lead_history.c.lead_id == lead_id)]
    assert "subscription_canceled" in kinds


def test_the_lead_page_warns_that_declining_a_member_cancels_and_refunds(client, submit, parts, staff_token):
    """Before a clinician chooses "declined" for someone who has paid, the page says what it will do."""
    from services.kit.staff_auth import COOKIE

    member = _member(client, submit, parts)
    other = submit(payloads.likely_eligible()).get_json()["id"]
    client.set_cookie(COOKIE, staff_token("clinician", subject="dr-kim", csrf="csrf-123"))
    assert "refunds their latest payment in full" in client.get(f"/admin/leads/{member}").get_data(as_text=True)
    assert "refunds their latest payment" not in client.get(f"/admin/leads/{other}").get_data(as_text=True)
