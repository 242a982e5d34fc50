"""Renewals, failed payments and cancellation as the Stripe stand-in's clock moves."""

from __future__ import annotations

import re

from sqlalchemy import select

from services.billing.tables import customers
from tests.billing.harness import BillingHarness

HEALTH_WORDS = ("ketamine", "depress", "phq", "epds", "gad", "suicid", "eligib", "assessment", "medication", "therapy")


def health_words(text: str, clinic_name: str) -> list[str]:
    """Return the health words in `text`; the clinic's name must not reveal the treatment either."""
    cleaned = text.lower()
    return [word for word in HEALTH_WORDS if word in cleaned]


def _email_of(billing: BillingHarness, lead_id: str) -> tuple[str, str]:
    """Return the member's email and Stripe customer id."""
    with billing.parts.container.db.transaction() as db:
        row = db.execute(select(customers).where(customers.c.lead_id == lead_id)).mappings().one()
    return row["email"], row["stripe_customer_id"]


def _portal_url(billing: BillingHarness, email: str) -> str:
    """Sign in through Manage billing with the emailed link and return the portal URL."""
    answer = billing.http.post(billing.url + "/billing/manage", data={"email": email}, timeout=30)
    assert answer.status_code == 200
    billing.settle()
    link = re.search(r"https?://\S+/billing/manage/signin\?token=[\w.\-]+", billing.mail(to=email)[0]["text"])
    assert link is not None
    token = link.group(0).split("token=")[1]
    opened = billing.http.post(
        billing.url + "/billing/manage/signin", data={"token": token}, allow_redirects=False, timeout=30
    )
    assert opened.status_code == 303
    return opened.headers["Location"]


def test_a_failed_renewal_goes_past_due_sends_dunning_and_a_fixed_card_restores_active(billing: BillingHarness) -> None:
    """Declined renewal → past_due (still in grace) → an email with the way to fix it → new card → active."""
    lead_id, _ = billing.subscribe()
    email, customer_id = _email_of(billing, lead_id)
    set_card = billing.http.post(
        f"{billing.stripe_url}/dev/stripe/customers/{customer_id}/card", json={"card": "4000000000000341"}, timeout=10
    )
    assert set_card.status_code == 200
    billing.advance(31)
    sub = billing.subscription(lead_id)
    assert sub is not None and sub["status"] == "past_due"
    dunning = [m for m in billing.mail(to=email) if "couldn't take" in m["subject"]]
    assert len(dunning) == 1
    assert "/billing/manage" in dunning[0]["text"] and "/billing/manage" in dunning[0]["html"]
    assert not health_words(dunning[0]["text"] + dunning[0]["html"], billing.parts.settings.clinic_name)
    portal = _portal_url(billing, email)
    fixed = billing.http.post(portal + "/card", data={"card": "4242424242424242"}, timeout=30)
    assert fixed.status_code == 200 and "open invoice is paid" in fixed.text
    billing.settle()
    sub = billing.subscription(lead_id)
    assert sub is not None and sub["status"] == "active"
    assert billing.leads.of_type("subscription.canceled") == []


def test_cancel_at_period_end_keeps_access_until_the_end_then_leads_hears_canceled(billing: BillingHarness) -> None:
    """Cancelling in the portal leaves the member active until the period ends, then canceled."""
    lead_id, _ = billing.subscribe()
    email, _ = _email_of(billing, lead_id)
    portal = _portal_url(billing, email)
    sub = billing.subscription(lead_id)
    assert sub is not None
    cancel = billing.http.post(f"{portal}/subscriptions/{sub['id']}/cancel", timeout=30)
    assert cancel.status_code == 200
    billing.settle()
    sub = billing.subscription(lead_id)
    assert sub is not None and sub["status"] == "active" and sub["cancel_at_period_end"] is True
    assert billing.leads.of_type("subscription.canceled") == []
    billing.advance(32)
    sub = billing.subscription(lead_id)
    assert sub is not None and sub["status"] == "canceled"
    canceled = billing.leads.of_type("subscription.canceled")
    assert [e["data"]["lead_id"] for e in canceled] == [lead_id]
    assert billing.checkout(lead_id).status_code == 201


def test_a_renewal_that_needs_authentication_emails_the_member(billing: BillingHarness) -> None:
    """invoice.payment_action_required sends the 'confirm with your bank' email."""
    lead_id, _ = billing.subscribe()
    email, customer_id = _email_of(billing, lead_id)
    billing.http.post(
        f"{billing.stripe_url}/dev/stripe/customers/{customer_id}/card", json={"card": "4000002500003155"}, timeout=10
    )
    billing.advance(31)
    subjects = [m["subject"] for m in billing.mail(to=email) if "membership payment" in m["subject"]]
    assert len(subjects) == 1 and "confirm" in subjects[0]
