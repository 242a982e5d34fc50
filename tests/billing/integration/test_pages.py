"""The membership, success and cancel pages, served by billing without JavaScript."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.billing.harness import BillingHarness


def test_the_membership_page_offers_checkout_only_to_a_cleared_lead(billing: BillingHarness) -> None:
    """Anyone sees the price; a cleared lead sees the checkout button; others are told what to do instead."""
    public = billing.http.get(billing.url + "/membership", timeout=10)
    assert public.status_code == 200 and "$250/month" in public.text and 'id="checkout"' not in public.text
    lead_id = billing.clear_lead()
    cleared = billing.http.get(billing.url + "/membership", params={"lead": lead_id}, timeout=10)
    assert 'id="checkout"' in cleared.text and "Continue to secure checkout" in cleared.text
    assert cleared.headers["Cache-Control"] == "no-store"
    far = billing.clear_lead(state="GA")
    refused = billing.http.get(billing.url + "/membership", params={"lead": far}, timeout=10)
    assert 'data-reason="out_of_area"' in refused.text and 'id="checkout"' not in refused.text


def test_the_checkout_form_redirects_to_stripe_and_then_points_members_to_billing(billing: BillingHarness) -> None:
    """The server-side form answers 303 to the hosted Checkout; once a member, 409 with the billing link."""
    lead_id = billing.clear_lead()
    answer = billing.http.post(
        billing.url + "/membership/checkout", data={"lead_id": lead_id}, allow_redirects=False, timeout=30
    )
    assert answer.status_code == 303 and answer.headers["Location"].startswith(billing.stripe_url + "/c/pay/")
    billing.pay(answer.headers["Location"])
    billing.settle()
    again = billing.http.post(billing.url + "/membership/checkout", data={"lead_id": lead_id}, timeout=30)
    assert again.status_code == 409 and 'href="http://clinic.test/billing/manage"' in again.text
    assert billing.http.post(billing.url + "/membership/checkout", data={}, timeout=10).status_code == 422


def test_success_and_cancel_pages_say_what_happened(billing: BillingHarness) -> None:
    """Success syncs from Stripe and says active; cancel says nothing was charged; unknown sessions 404."""
    lead_id = billing.clear_lead()
    session = billing.checkout(lead_id).json()
    billing.pay(session["url"])
    success = billing.http.get(billing.url + "/billing/success", params={"session_id": session["id"]}, timeout=30)
    assert success.status_code == 200 and 'data-state="active"' in success.text
    unknown = billing.http.get(billing.url + "/billing/success", params={"session_id": "cs_nope"}, timeout=10)
    assert unknown.status_code == 404
    cancel = billing.http.get(billing.url + "/billing/cancel", params={"lead": lead_id}, timeout=10)
    assert "No charge was made" in cancel.text and f"/membership?lead={lead_id}" in cancel.text


def test_racing_checkouts_for_one_person_make_one_stripe_customer(billing: BillingHarness) -> None:
    """Eight simultaneous requests from two leads of one person create exactly one Stripe customer."""
    email = "racer@example.com"
    leads = [billing.clear_lead(email=email), billing.clear_lead(email=email.upper())]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda n: billing.checkout(leads[n % 2]), range(8)))
    assert {a.status_code for a in answers} <= {201, 503}
    assert any(a.status_code == 201 for a in answers)
    created = {
        c["idempotency_key"]
        for c in billing.stripe_requests()
        if c["path"] == "/v1/customers" and c["method"] == "POST"
    }
    assert len(created) == 1
    customers = billing.standin.store.all("customer")
    assert len([c for c in customers if c["email"] and c["email"].lower() == email]) == 1


def test_membership_and_success_pages_promise_review_before_prescribing_and_a_full_refund(
    billing: BillingHarness,
) -> None:
    """Both pages say a clinician meets her before anything is prescribed, and a decline is refunded in full."""
    lead_id = billing.clear_lead()
    page = billing.http.get(billing.url + "/membership", params={"lead": lead_id}, timeout=10).text
    assert "meets with you in a consultation before anything is prescribed" in page
    assert "we cancel your membership and refund your payment" in page and 'id="checkout"' in page
    session = billing.checkout(lead_id).json()
    billing.pay(session["url"])
    success = billing.http.get(billing.url + "/billing/success", params={"session_id": session["id"]}, timeout=30)
    assert "before anything is prescribed" in success.text and "refund your payment in full" in success.text
