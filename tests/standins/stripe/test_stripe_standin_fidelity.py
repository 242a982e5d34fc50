"""Answers the stand-in gives where Stripe's published behaviour is easy to get wrong."""

from __future__ import annotations

import inspect

import pytest
import stripe


def test_a_missing_resource_named_in_a_post_is_400_resource_missing_with_its_param(client, price):
    """A parameter naming an unknown object is 400 resource_missing naming the parameter, not 404."""
    cases = (
        (lambda: client.v1.billing_portal.sessions.create({"customer": "cus_gone"}), "customer"),
        (lambda: client.v1.refunds.create({"charge": "ch_gone"}), "charge"),
        (lambda: client.v1.prices.create({"product": "prod_gone", "unit_amount": 1, "currency": "usd"}), "product"),
    )
    for call, param in cases:
        with pytest.raises(stripe.InvalidRequestError) as caught:
            call()
        assert (caught.value.http_status, caught.value.code, caught.value.param) == (400, "resource_missing", param)


def test_checkout_sessions_use_the_pinned_api_versions_ui_mode(new_session):
    """ui_mode is `hosted_page`, a value the pinned API's Session type allows; `hosted` is refused."""
    session = new_session()
    allowed = str(inspect.get_annotations(stripe.checkout.Session)["ui_mode"])
    assert session.ui_mode == "hosted_page" and "'hosted_page'" in allowed and "'hosted'" not in allowed
    with pytest.raises(stripe.InvalidRequestError) as caught:
        new_session(ui_mode="hosted")
    assert caught.value.param == "ui_mode"


def test_a_deleted_customer_is_retrieved_as_a_tombstone_and_cannot_be_referenced(client, new_session):
    """Retrieving a deleted customer is 200 with deleted: true; using it in a session is 400 resource_missing."""
    customer = client.v1.customers.create({"email": "gone@example.com"})
    client.v1.customers.delete(customer.id)
    again = client.v1.customers.retrieve(customer.id)
    assert again.to_dict() == {"id": customer.id, "object": "customer", "deleted": True}
    with pytest.raises(stripe.InvalidRequestError) as caught:
        new_session(customer=customer.id, customer_email=None)
    assert (caught.value.http_status, caught.value.param) == (400, "customer")
    assert customer.id not in [c.id for c in client.v1.customers.list().data]


def test_invoices_name_their_subscription_under_parent_only(client, new_session, pay):
    """The invoice has no top-level `subscription` (gone in the pinned API); `parent` holds it; lists filter by it."""
    session = new_session()
    pay(session, "4242424242424242")
    done = client.v1.checkout.sessions.retrieve(session.id)
    invoice = client.v1.invoices.retrieve(done.invoice).to_dict()
    assert "subscription" not in invoice
    assert "subscription" not in inspect.get_annotations(stripe.Invoice)
    assert invoice["parent"]["subscription_details"]["subscription"] == done.subscription
    listed = client.v1.invoices.list({"subscription": done.subscription}).data
    assert [i.id for i in listed] == [invoice["id"]]
    assert client.v1.invoices.list({"subscription": "sub_other"}).data == []


def test_a_declined_card_carries_its_decline_code(new_session, pay, client, standin):
    """A decline names Stripe's decline_code on the hosted page's answer and on a 402 from invoice pay."""
    answer = pay(new_session(), "4000000000009995")
    assert answer.status_code == 402 and answer.json()["decline_code"] == "insufficient_funds"
    session = new_session()
    assert pay(session, "4000002500003155").json()["result"] == "requires_action"
    subscription = client.v1.checkout.sessions.retrieve(session.id).subscription
    customer = client.v1.subscriptions.retrieve(subscription).customer
    assert standin.dev("POST", f"/customers/{customer}/card", {"card": "4000000000000341"}).status_code == 200
    invoice = client.v1.subscriptions.retrieve(subscription).latest_invoice
    with pytest.raises(stripe.CardError) as caught:
        client.v1.invoices.pay(invoice)
    assert caught.value.code == "card_declined"
    assert caught.value.error is not None and caught.value.error.decline_code == "generic_decline"


def test_completed_and_expired_sessions_have_no_url(client, new_session, pay):
    """Only a session that can still be paid has a url; paid and expired ones answer url: null."""
    paid = new_session()
    assert paid.url
    pay(paid, "4242424242424242")
    assert client.v1.checkout.sessions.retrieve(paid.id).url is None
    expired = client.v1.checkout.sessions.expire(new_session().id)
    assert expired.status == "expired" and expired.url is None
    assert client.v1.checkout.sessions.retrieve(expired.id).url is None


def test_a_declined_renewal_leaves_a_failed_charge_and_the_reason_on_its_payment_intent(
    client, standin, new_session, pay
):
    """The failed charge names the decline in outcome.reason; paying later completes the same PaymentIntent."""
    session = new_session()
    pay(session, "4242424242424242")
    customer = client.v1.checkout.sessions.retrieve(session.id).customer
    assert standin.dev("POST", f"/customers/{customer}/card", {"card": "4000000000009995"}).status_code == 200
    standin.advance(31)
    subscription = client.v1.checkout.sessions.retrieve(session.id).subscription
    invoice = client.v1.subscriptions.retrieve(subscription).latest_invoice
    waiting = client.v1.invoice_payments.list({"invoice": invoice, "status": "open"}).data
    assert len(waiting) == 1
    intent = client.v1.payment_intents.retrieve(waiting[0].payment.payment_intent)
    assert intent.status == "requires_payment_method"
    assert (intent.last_payment_error.code, intent.last_payment_error.decline_code) == (
        "card_declined",
        "insufficient_funds",
    )
    failed = client.v1.charges.retrieve(intent.latest_charge)
    assert (failed.status, failed.failure_code, failed.outcome.reason) == (
        "failed",
        "card_declined",
        "insufficient_funds",
    )
    assert standin.dev("POST", f"/customers/{customer}/card", {"card": "4242424242424242"}).status_code == 200
    assert client.v1.invoices.pay(invoice).status == "paid"
    assert client.v1.payment_intents.retrieve(intent.id).status == "succeeded"
    assert [p.status for p in client.v1.invoice_payments.list({"invoice": invoice}).data] == ["paid"]
