"""Time passing on the stand-in's clock: renewals, failed charges, retries and cancellations."""

from __future__ import annotations

import re

import requests


def _subscribe(client, new_session, pay, card="4242424242424242"):
    """Pay a fresh session and return its active subscription."""
    session = new_session()
    assert pay(session, card).json()["result"] == "complete"
    return client.v1.subscriptions.retrieve(client.v1.checkout.sessions.retrieve(session.id).subscription)


def _period_end(sub):
    """Return the current period end, which lives on the subscription item."""
    return sub["items"]["data"][0]["current_period_end"]


def _types(standin):
    """Return the types of the events delivered so far."""
    standin.wait_for_webhooks()
    return [e.type for e in standin.receiver.events()]


def test_clock_reports_and_advances_time(standin):
    """GET /dev/stripe/clock moves by exactly the days advanced; bad input is a 422."""
    before = standin.dev("GET", "/clock").json()["now"]
    after = standin.advance(2)["now"]
    assert 2 * 86400 <= after - before <= 2 * 86400 + 5
    bad = standin.dev("POST", "/clock/advance", {"days": "soon"})
    assert bad.status_code == 422 and "days" in bad.json()["errors"]


def test_a_good_card_renews_with_a_new_paid_invoice_and_period(client, new_session, pay, standin):
    """At period end the subscription renews: new period on the item, new paid invoice."""
    sub = _subscribe(client, new_session, pay)
    first_end = _period_end(sub)
    standin.advance(32)
    renewed = client.v1.subscriptions.retrieve(sub.id)
    assert renewed.status == "active"
    assert renewed["items"]["data"][0]["current_period_start"] == first_end
    assert _period_end(renewed) > first_end
    invoices = client.v1.invoices.list({"customer": sub.customer}).data
    assert [i.status for i in invoices] == ["paid", "paid"]
    assert invoices[0].billing_reason == "subscription_cycle" and invoices[0].id == renewed.latest_invoice
    assert _types(standin).count("invoice.paid") == 2


def test_a_failing_card_goes_past_due_and_a_new_card_in_the_portal_fixes_it(client, new_session, pay, standin):
    """Renewal on a failing card: invoice open, past_due, payment_failed; a good card pays and reactivates."""
    sub = _subscribe(client, new_session, pay)
    assert standin.dev("POST", f"/customers/{sub.customer}/card", {"card": "4000000000000341"}).status_code == 200
    standin.advance(31)
    late = client.v1.subscriptions.retrieve(sub.id)
    assert late.status == "past_due"
    open_invoice = client.v1.invoices.retrieve(late.latest_invoice)
    assert open_invoice.status == "open" and open_invoice.attempt_count == 1
    assert open_invoice.next_payment_attempt is not None
    assert "invoice.payment_failed" in _types(standin)

    portal = client.v1.billing_portal.sessions.create(
        {"customer": sub.customer, "return_url": "http://127.0.0.1:8000/account"}
    )
    assert portal.id.startswith("bps_")
    fixed = requests.post(f"{portal.url}/card", data={"card": "4242424242424242"}, timeout=5)
    assert fixed.status_code == 200 and "open invoice is paid" in fixed.text
    assert client.v1.subscriptions.retrieve(sub.id).status == "active"
    assert client.v1.invoices.retrieve(open_invoice.id).status == "paid"


def _advance_past_period_end(standin, sub):
    """Move the clock just past the subscription's current period end."""
    now = standin.dev("GET", "/clock").json()["now"]
    standin.advance((_period_end(sub) - now) / 86400 + 0.01)


def test_retries_follow_the_schedule_then_the_subscription_is_canceled(client, new_session, pay, standin):
    """A card that keeps failing is retried 3, 5 and 7 days after the first failure, then canceled."""
    sub = _subscribe(client, new_session, pay)
    standin.dev("POST", f"/customers/{sub.customer}/card", {"card": "4000000000000341"})
    _advance_past_period_end(standin, sub)
    invoice_id = client.v1.subscriptions.retrieve(sub.id).latest_invoice
    elapsed = 0.0
    for day, attempts in ((2.9, 1), (3.1, 2), (5.1, 3)):
        standin.advance(day - elapsed)
        elapsed = day
        assert client.v1.invoices.retrieve(invoice_id).attempt_count == attempts
        assert client.v1.subscriptions.retrieve(sub.id).status == "past_due"
    standin.advance(2)
    ended = client.v1.subscriptions.retrieve(sub.id)
    assert ended.status == "canceled" and ended.canceled_at is not None and ended.ended_at is not None
    assert ended.cancellation_details.reason == "payment_failed"
    assert client.v1.invoices.retrieve(invoice_id).attempt_count == 4
    types = _types(standin)
    assert types.count("invoice.payment_failed") == 4 and "customer.subscription.deleted" in types
    assert client.v1.subscriptions.list({"customer": sub.customer}).data == []
    assert [s.id for s in client.v1.subscriptions.list({"customer": sub.customer, "status": "all"}).data] == [sub.id]


def test_a_retry_succeeds_once_the_card_is_replaced(client, new_session, pay, standin):
    """A card fixed through the dev endpoint is charged on the next scheduled retry."""
    sub = _subscribe(client, new_session, pay)
    standin.dev("POST", f"/customers/{sub.customer}/card", {"card": "4000000000000341"})
    _advance_past_period_end(standin, sub)
    standin.dev("POST", f"/customers/{sub.customer}/card", {"card": "4242424242424242"})
    standin.advance(2.9)
    assert client.v1.subscriptions.retrieve(sub.id).status == "past_due"
    standin.advance(0.2)
    assert client.v1.subscriptions.retrieve(sub.id).status == "active"


def test_cancel_at_period_end_cancels_after_the_period(client, new_session, pay, standin):
    """cancel_at_period_end keeps access until the period ends, then the subscription is deleted."""
    sub = _subscribe(client, new_session, pay)
    scheduled = client.v1.subscriptions.update(sub.id, {"cancel_at_period_end": True})
    assert scheduled.status == "active" and scheduled.cancel_at_period_end is True
    assert scheduled.cancel_at == _period_end(sub)
    standin.advance(10)
    assert client.v1.subscriptions.retrieve(sub.id).status == "active"
    standin.advance(25)
    ended = client.v1.subscriptions.retrieve(sub.id)
    assert ended.status == "canceled" and ended.ended_at == _period_end(sub)
    assert len(client.v1.invoices.list({"subscription": sub.id}).data) == 1
    assert "customer.subscription.deleted" in _types(standin)


def test_delete_cancels_at_once(client, new_session, pay, standin):
    """DELETE /v1/subscriptions/{id} ends the subscription now."""
    sub = _subscribe(client, new_session, pay)
    canceled = client.v1.subscriptions.cancel(sub.id)
    assert canceled.status == "canceled" and canceled.canceled_at is not None
    assert "customer.subscription.deleted" in _types(standin)


def test_the_portal_page_cancels_and_resumes(client, new_session, pay, standin):
    """The portal shows the subscription; its cancel and resume buttons flip cancel_at_period_end."""
    sub = _subscribe(client, new_session, pay)
    portal = client.v1.billing_portal.sessions.create(
        {"customer": sub.customer, "return_url": "http://127.0.0.1:8000/account"}
    )
    page = requests.get(portal.url, timeout=5)
    assert page.status_code == 200 and sub.id in page.text and "active" in page.text
    assert re.search(r'href="http://127.0.0.1:8000/account"', page.text)
    requests.post(f"{portal.url}/subscriptions/{sub.id}/cancel", timeout=5)
    assert client.v1.subscriptions.retrieve(sub.id).cancel_at_period_end is True
    requests.post(f"{portal.url}/subscriptions/{sub.id}/resume", timeout=5)
    resumed = client.v1.subscriptions.retrieve(sub.id)
    assert resumed.cancel_at_period_end is False and resumed.canceled_at is None


def test_a_card_needing_authentication_at_renewal_goes_past_due(client, new_session, pay, standin):
    """Off-session, a 3D Secure card cannot be charged: past_due with payment_action_required."""
    sub = _subscribe(client, new_session, pay)
    standin.dev("POST", f"/customers/{sub.customer}/card", {"card": "4000002500003155"})
    _advance_past_period_end(standin, sub)
    assert client.v1.subscriptions.retrieve(sub.id).status == "past_due"
    types = _types(standin)
    assert "invoice.payment_action_required" in types and "invoice.payment_failed" in types


def test_a_declined_new_card_in_the_portal_leaves_the_invoice_open(client, new_session, pay, standin):
    """Updating to another failing card shows an error and the subscription stays past_due."""
    sub = _subscribe(client, new_session, pay)
    standin.dev("POST", f"/customers/{sub.customer}/card", {"card": "4000000000000341"})
    _advance_past_period_end(standin, sub)
    portal = client.v1.billing_portal.sessions.create({"customer": sub.customer})
    page = requests.post(f"{portal.url}/card", data={"card": "4000000000009995"}, timeout=5)
    assert page.status_code == 402 and "declined" in page.text
    assert client.v1.subscriptions.retrieve(sub.id).status == "past_due"
