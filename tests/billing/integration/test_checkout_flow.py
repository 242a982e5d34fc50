"""Checkout through billing and the Stripe stand-in: cleared leads pay, others are refused."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from services.billing.tables import customers
from tests.billing.harness import BillingHarness


def test_a_cleared_lead_pays_and_becomes_an_active_member_with_revenue_sent_to_leads(billing: BillingHarness) -> None:
    """Paying with 4242 makes the subscription active, and leads hears of it once with the amount."""
    lead_id = billing.clear_lead()
    created = billing.checkout(lead_id)
    assert created.status_code == 201, created.text
    body = created.json()
    assert set(body) == {"id", "url"} and body["url"].startswith(billing.stripe_url)
    assert billing.pay(body["url"])["result"] == "complete"
    billing.settle()
    sub = billing.subscription(lead_id)
    assert sub is not None and sub["status"] == "active"
    assert sub["current_period_end"] > sub["current_period_start"]
    activated = billing.leads.of_type("subscription.activated")
    assert [e["data"]["lead_id"] for e in activated] == [lead_id]
    assert activated[0]["data"]["amount_cents"] == 25000 and activated[0]["data"]["currency"] == "usd"


def test_the_success_page_status_syncs_from_stripe_without_any_webhook(billing: BillingHarness) -> None:
    """GET on the session reports the paid subscription before the worker has processed anything."""
    lead_id = billing.clear_lead()
    session = billing.checkout(lead_id).json()
    billing.pay(session["url"])
    status = billing.http.get(f"{billing.url}/api/billing/checkout-sessions/{session['id']}", timeout=30).json()
    assert status["status"] == "complete"
    assert status["subscription_status"] == "active"
    assert status["access"] == {"active": True, "state": "active"}


def test_a_declined_card_gives_no_access_and_no_conversion(billing: BillingHarness) -> None:
    """Card 4000000000000341 leaves the session open, no subscription, nothing sent to leads."""
    lead_id = billing.clear_lead()
    session = billing.checkout(lead_id).json()
    assert billing.pay(session["url"], "4000000000000341")["result"] == "declined"
    billing.settle()
    status = billing.http.get(f"{billing.url}/api/billing/checkout-sessions/{session['id']}", timeout=30).json()
    assert status["status"] == "open" and status["access"]["active"] is False
    assert billing.subscription(lead_id) is None
    assert billing.leads.of_type("subscription.activated") == []


def test_unknown_revoked_and_out_of_area_leads_are_refused_with_reasons(billing: BillingHarness) -> None:
    """Billing sells only to leads it was told are cleared and who live in FL or NJ."""
    unknown = billing.checkout("lead-never-heard-of")
    assert unknown.status_code == 403 and unknown.json()["errors"]["reason"] == "not_cleared"
    far = billing.clear_lead(state="TX")
    refused = billing.checkout(far)
    assert refused.status_code == 403 and refused.json()["errors"]["reason"] == "out_of_area"
    revoked = billing.clear_lead(state="NJ")
    billing.send_event("lead.checkout_revoked", {"lead_id": revoked})
    assert billing.checkout(revoked).json()["errors"]["reason"] == "not_cleared"


def test_a_member_is_sent_to_manage_billing_instead_of_a_second_checkout(billing: BillingHarness) -> None:
    """An active member asking again gets 409 with the manage-billing link."""
    lead_id, _ = billing.subscribe()
    again = billing.checkout(lead_id)
    assert again.status_code == 409
    assert again.json()["errors"]["manage_billing_url"].endswith("/billing/manage")


def test_repeated_clicks_reuse_one_session_one_customer_and_derived_idempotency_keys(billing: BillingHarness) -> None:
    """Two requests for one lead give the same session; Stripe saw keys built from our ids only."""
    lead_id = billing.clear_lead()
    first, second = billing.checkout(lead_id).json(), billing.checkout(lead_id).json()
    assert first == second
    calls = [c for c in billing.stripe_requests() if c["method"] == "POST"]
    keys = [c["idempotency_key"] for c in calls if c["path"] in ("/v1/customers", "/v1/checkout/sessions")]
    assert keys[-1] == f"checkout:{lead_id}:1" and keys[-2].startswith("customer:")
    session_call = [c for c in calls if c["path"] == "/v1/checkout/sessions"][-1]["params"]
    assert session_call["client_reference_id"] == lead_id and session_call["metadata"] == {"lead_id": lead_id}
    assert session_call["allow_promotion_codes"] == "true" and session_call["mode"] == "subscription"
    with billing.parts.container.db.transaction() as db:
        assert db.execute(select(func.count()).select_from(customers)).scalar() == 1


def test_the_same_person_from_a_second_lead_keeps_one_stripe_customer(billing: BillingHarness) -> None:
    """Two leads with one email (any case) map to one customer row and one Stripe customer."""
    first = billing.clear_lead(email="Same.Person@example.com")
    second = billing.clear_lead(email="same.person@example.com")
    a, b = billing.checkout(first).json(), billing.checkout(second).json()
    assert a["id"] != b["id"]
    created = [c for c in billing.stripe_requests() if c["path"] == "/v1/customers" and c["method"] == "POST"]
    assert len(created) == 1


def test_a_customer_deleted_at_stripe_is_replaced_when_the_person_checks_out_again(billing: BillingHarness) -> None:
    """Stripe's 400 resource_missing for the stored customer makes billing create a new one and open the session."""
    email = f"again-{uuid.uuid4().hex[:8]}@example.com"
    first = billing.checkout(billing.clear_lead(email=email)).json()
    gone = billing.standin.store.get("checkout.session", first["id"])["customer"]
    deleted = billing.http.delete(
        f"{billing.stripe_url}/v1/customers/{gone}", headers={"Authorization": "Bearer sk_test_x"}, timeout=10
    )
    assert deleted.json()["deleted"] is True
    created = billing.checkout(billing.clear_lead(email=email))
    assert created.status_code == 201, created.text
    customer = billing.standin.store.get("checkout.session", created.json()["id"])["customer"]
    assert customer != gone and billing.standin.store.find("customer", customer) is not None
    with billing.parts.container.db.transaction() as session:
        stored = session.execute(select(customers.c.stripe_customer_id).where(customers.c.email == email)).scalar()
    assert stored == customer
