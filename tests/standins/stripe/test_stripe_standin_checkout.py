"""Checkout through the hosted page and its scripted twin, with each test card."""

from __future__ import annotations

import re

import requests
import stripe


def _types(events: list[stripe.Event]) -> list[str]:
    """Return the event types in delivery order."""
    return [e.type for e in events]


def test_4242_completes_the_session_and_activates_the_subscription(client, new_session, pay, standin):
    """Paying with 4242 completes the session, activates the subscription and pays the first invoice."""
    session = new_session()
    assert session.id.startswith("cs_test_") and session.url.startswith(standin.url)
    response = pay(session, "4242424242424242")
    assert response.status_code == 200, response.text
    assert response.json()["redirect_url"] == f"http://127.0.0.1:8000/billing/success?session_id={session.id}"

    done = client.v1.checkout.sessions.retrieve(session.id, {"expand": ["subscription"]})
    assert done.status == "complete" and done.payment_status == "paid"
    assert done.client_reference_id == session.client_reference_id
    assert done.customer.startswith("cus_") and done.customer_details.email == session.customer_email
    sub = done.subscription
    assert sub.status == "active" and sub.customer == done.customer and sub.metadata["lead_id"] == "L1"
    item = sub["items"]["data"][0]
    assert item["current_period_end"] - item["current_period_start"] >= 28 * 86400
    assert "current_period_end" not in sub
    invoice = client.v1.invoices.retrieve(sub.latest_invoice)
    assert invoice.status == "paid" and invoice.amount_paid == 25000 and invoice.customer == done.customer
    assert requests.get(invoice.hosted_invoice_url, timeout=5).status_code == 200
    assert requests.get(invoice.invoice_pdf, timeout=5).content.startswith(b"%PDF-")


def test_4242_emits_signed_events_that_the_official_verifier_accepts(new_session, pay, standin):
    """The receiver gets the whole checkout story, each event signed so construct_event verifies it."""
    session = new_session()
    pay(session, "4242424242424242")
    wanted = {
        "customer.created",
        "customer.subscription.created",
        "invoice.paid",
        "customer.subscription.updated",
        "checkout.session.completed",
    }
    events = standin.receiver.wait_for(lambda evs: wanted <= set(_types(evs)))
    assert wanted <= set(_types(events))
    completed = next(e for e in events if e.type == "checkout.session.completed")
    assert completed.data.object.id == session.id and completed.data.object.status == "complete"
    assert completed.api_version == "2026-10-28.endive" and completed.id.startswith("evt_")
    updated = next(e for e in events if e.type == "customer.subscription.updated")
    assert updated.data.object.status == "active" and updated.data.previous_attributes["status"] == "incomplete"


def test_tampered_webhook_bodies_fail_verification(new_session, pay, standin):
    """A body changed after signing is rejected by the official verifier."""
    pay(new_session(), "4242424242424242")
    standin.receiver.wait_for(lambda evs: len(evs) > 0)
    delivery = standin.receiver.posts[0]
    signature = delivery["headers"]["Stripe-Signature"]
    try:
        stripe.Webhook.construct_event(delivery["body"] + b" ", signature, "whsec_test_standin_suite")
    except stripe.SignatureVerificationError:
        return
    raise AssertionError("a tampered body verified")


def test_0341_fails_and_creates_no_subscription(client, new_session, pay, standin):
    """A declined card leaves the session open and unpaid, with no customer or subscription."""
    session = new_session()
    response = pay(session, "4000000000000341")
    assert response.status_code == 402 and response.json()["result"] == "declined"
    again = client.v1.checkout.sessions.retrieve(session.id)
    assert again.status == "open" and again.payment_status == "unpaid" and again.subscription is None
    assert client.v1.subscriptions.list({"status": "all"}).data == []
    page = requests.post(session.url, data={"card": "4000 0000 0000 0341"}, timeout=5, allow_redirects=False)
    assert page.status_code == 402 and "Your card was declined." in page.text


def test_3155_leaves_the_subscription_incomplete_until_authenticated(client, new_session, pay, standin):
    """A 3D Secure card makes the subscription incomplete and emits invoice.payment_action_required."""
    session = new_session()
    response = pay(session, "4000002500003155")
    assert response.json()["result"] == "requires_action"
    opened = client.v1.checkout.sessions.retrieve(session.id, {"expand": ["subscription"]})
    assert opened.status == "open" and opened.subscription.status == "incomplete"
    events = standin.receiver.wait_for(lambda evs: "invoice.payment_action_required" in _types(evs))
    assert "invoice.payment_action_required" in _types(events)

    approved = requests.post(f"{session.url}/authenticate", json={"approve": True}, timeout=5)
    assert approved.json()["result"] == "complete"
    assert client.v1.subscriptions.retrieve(opened.subscription.id).status == "active"


def test_the_hosted_page_shows_a_card_form_and_redirects_to_success_url(client, new_session, standin):
    """A browser sees a card field, submits 4242 and is sent to the success URL."""
    session = new_session()
    page = requests.get(session.url, timeout=5)
    assert page.status_code == 200 and re.search(r'<input[^>]+name="card"', page.text)
    assert "$250.00" in page.text
    paid = requests.post(session.url, data={"card": "4242 4242 4242 4242"}, timeout=5, allow_redirects=False)
    assert paid.status_code == 303
    assert paid.headers["Location"] == f"http://127.0.0.1:8000/billing/success?session_id={session.id}"
    assert client.v1.checkout.sessions.retrieve(session.id).status == "complete"


def test_a_bad_card_number_is_a_clear_400(new_session, pay):
    """A number that is not a test card, or no number at all, is refused with a message."""
    session = new_session()
    assert pay(session, "1234").status_code == 400
    missing = requests.post(f"{session.url}/complete", json={}, timeout=5)
    assert missing.status_code == 400 and "card" in missing.json()["errors"]


def test_a_trial_sends_trial_will_end_then_charges(client, new_session, pay, standin):
    """A 7-day trial completes without payment, warns 3 days before its end, then bills."""
    session = new_session(subscription_data={"trial_period_days": 7, "metadata": {"lead_id": "L1"}})
    assert pay(session, "4242424242424242").json()["result"] == "complete"
    done = client.v1.checkout.sessions.retrieve(session.id, {"expand": ["subscription"]})
    assert done.payment_status == "no_payment_required" and done.subscription.status == "trialing"
    standin.advance(5)
    standin.receiver.wait_for(lambda evs: "customer.subscription.trial_will_end" in _types(evs))
    assert "customer.subscription.trial_will_end" in _types(standin.receiver.events())
    standin.advance(3)
    sub = client.v1.subscriptions.retrieve(done.subscription.id)
    assert sub.status == "active"
    paid = client.v1.invoices.list({"subscription": sub.id, "status": "paid"}).data
    assert sorted(i.amount_paid for i in paid) == [0, 25000]


def test_an_unpaid_session_expires_after_24_hours(client, new_session, standin):
    """An open session expires when the clock passes expires_at."""
    session = new_session()
    standin.advance(1.01)
    assert client.v1.checkout.sessions.retrieve(session.id).status == "expired"
    assert requests.post(f"{session.url}/complete", json={"card": "4242424242424242"}, timeout=5).status_code == 400


def test_an_unauthenticated_subscription_expires_after_23_hours(client, new_session, pay, standin):
    """A subscription left incomplete becomes incomplete_expired and its invoice is voided."""
    session = new_session()
    pay(session, "4000002500003155")
    sub_id = client.v1.checkout.sessions.retrieve(session.id).subscription
    standin.advance(1)
    expired = client.v1.subscriptions.retrieve(sub_id)
    assert expired.status == "incomplete_expired"
    assert client.v1.invoices.retrieve(expired.latest_invoice).status == "void"
