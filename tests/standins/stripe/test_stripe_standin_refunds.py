"""Refunds as Stripe makes them: of a charge or PaymentIntent, never beyond what was paid, announced by webhook."""

from __future__ import annotations

from typing import Any

import pytest
import requests
import stripe

from tests.support.vendor_specs import load_vendor_spec


@pytest.fixture
def paid_invoice(client, new_session, pay) -> stripe.Invoice:
    """Pay a $250 subscription Checkout with 4242 and return its first invoice."""
    session = new_session()
    assert pay(session, "4242424242424242").status_code == 200
    sub = client.v1.subscriptions.retrieve(client.v1.checkout.sessions.retrieve(session.id).subscription)
    return client.v1.invoices.retrieve(sub.latest_invoice)


def _intent_of(client: stripe.StripeClient, invoice: stripe.Invoice) -> str:
    """Find the PaymentIntent that paid an invoice, as billing does."""
    payments = client.v1.invoice_payments.list({"invoice": invoice.id}).data
    assert len(payments) == 1 and payments[0].status == "paid"
    return payments[0].payment["payment_intent"]


def test_a_paid_invoice_has_a_payment_intent_and_a_charge(client, paid_invoice):
    """Paying by card leaves an InvoicePayment → PaymentIntent → Charge for the whole amount."""
    intent = client.v1.payment_intents.retrieve(_intent_of(client, paid_invoice))
    assert intent.status == "succeeded" and intent.amount_received == 25000
    charge = client.v1.charges.retrieve(intent.latest_charge)
    assert (charge.amount, charge.amount_refunded, charge.refunded, charge.paid) == (25000, 0, False, True)
    assert charge.payment_intent == intent.id and charge.customer == paid_invoice.customer


def test_refund_by_payment_intent_defaults_to_the_whole_remaining_amount(client, paid_invoice):
    """A refund naming only the PaymentIntent refunds everything and marks the charge refunded."""
    intent_id = _intent_of(client, paid_invoice)
    refund = client.v1.refunds.create({"payment_intent": intent_id, "metadata": {"invoice_id": paid_invoice.id}})
    assert (refund.object, refund.amount, refund.status, refund.currency) == ("refund", 25000, "succeeded", "usd")
    assert refund.payment_intent == intent_id and refund.metadata.to_dict() == {"invoice_id": paid_invoice.id}
    charge = client.v1.charges.retrieve(refund.charge)
    assert (charge.amount_refunded, charge.refunded) == (25000, True)
    assert [r.id for r in charge.refunds.data] == [refund.id]
    assert client.v1.refunds.retrieve(refund.id).amount == 25000


def test_partial_refunds_add_up_and_an_over_refund_is_refused(client, paid_invoice):
    """Two partial refunds of a charge sum on it; asking for more than is left is Stripe's 400."""
    charge_id = client.v1.payment_intents.retrieve(_intent_of(client, paid_invoice)).latest_charge
    client.v1.refunds.create({"charge": charge_id, "amount": 10000, "reason": "requested_by_customer"})
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.refunds.create({"charge": charge_id, "amount": 20000})
    assert caught.value.http_status == 400 and caught.value.code == "amount_too_large"
    assert caught.value.param == "amount" and "$150.00" in str(caught.value.user_message)
    client.v1.refunds.create({"charge": charge_id})
    charge = client.v1.charges.retrieve(charge_id)
    assert (charge.amount_refunded, charge.refunded) == (25000, True)
    with pytest.raises(stripe.InvalidRequestError) as again:
        client.v1.refunds.create({"charge": charge_id, "amount": 1})
    assert again.value.code == "charge_already_refunded"
    assert [r.amount for r in client.v1.refunds.list({"charge": charge_id}).data] == [15000, 10000]


def test_over_refund_error_has_stripes_shape(standin, client, paid_invoice):
    """The raw body of a refused refund is Stripe's invalid_request_error object."""
    charge_id = client.v1.payment_intents.retrieve(_intent_of(client, paid_invoice)).latest_charge
    answer = requests.post(
        f"{standin.url}/v1/refunds",
        data={"charge": charge_id, "amount": "25001"},
        headers={"Authorization": "Bearer sk_test_x"},
        timeout=5,
    )
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["type"] == "invalid_request_error" and error["code"] == "amount_too_large"
    assert error["param"] == "amount" and error["message"]


@pytest.mark.parametrize(
    ("params", "code", "param"),
    [
        ({}, "parameter_missing", "charge"),
        ({"charge": "ch_missing"}, "resource_missing", "charge"),
        ({"payment_intent": "pi_missing"}, "resource_missing", "payment_intent"),
    ],
)
def test_refunds_of_nothing_are_refused(client, params, code, param):
    """A refund that names no charge, or an unknown one, is refused with the parameter named."""
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.refunds.create(params)
    assert caught.value.code == code and caught.value.param == param


def test_bad_amount_and_reason_are_refused(client, paid_invoice):
    """A zero amount or an unknown reason is a 400, and nothing is refunded."""
    intent_id = _intent_of(client, paid_invoice)
    for params in ({"amount": 0}, {"reason": "clinician_said_so"}):
        with pytest.raises(stripe.InvalidRequestError):
            client.v1.refunds.create({"payment_intent": intent_id, **params})
    assert client.v1.refunds.list({"payment_intent": intent_id}).data == []


def test_the_same_idempotency_key_refunds_once(client, paid_invoice):
    """Repeating a refund request with its idempotency key returns the first refund and moves no more money."""
    intent_id = _intent_of(client, paid_invoice)
    first = client.v1.refunds.create({"payment_intent": intent_id, "amount": 5000}, {"idempotency_key": "rf-1"})
    second = client.v1.refunds.create({"payment_intent": intent_id, "amount": 5000}, {"idempotency_key": "rf-1"})
    assert first.id == second.id
    assert client.v1.charges.retrieve(first.charge).amount_refunded == 5000


def test_a_refund_sends_charge_refunded_and_refund_created(standin, client, paid_invoice):
    """The webhook receiver gets charge.refunded with the new refunded amount, and refund.created."""
    refund = client.v1.refunds.create({"payment_intent": _intent_of(client, paid_invoice)})
    standin.wait_for_webhooks()
    events = {e.type: e for e in standin.receiver.events()}
    refunded = events["charge.refunded"].data
    assert refunded.object["id"] == refund.charge and refunded.object["amount_refunded"] == 25000
    assert refunded.previous_attributes["amount_refunded"] == 0
    assert events["refund.created"].data.object["id"] == refund.id


def test_invoice_payments_can_be_found_by_payment_intent(client, paid_invoice):
    """Listing invoice payments by payment[payment_intent] finds the invoice a charge paid."""
    intent_id = _intent_of(client, paid_invoice)
    found = client.v1.invoice_payments.list({"payment": {"type": "payment_intent", "payment_intent": intent_id}})
    assert [p.invoice for p in found.data] == [paid_invoice.id]


def _raw(standin: Any, path: str) -> dict[str, Any]:
    """Fetch one object's JSON exactly as the stand-in serves it."""
    headers = {"Authorization": "Bearer sk_test_shapes"}
    return requests.get(f"{standin.url}/v1/{path}", headers=headers, timeout=5).json()


def test_payment_objects_have_stripes_field_names(standin, client, paid_invoice):
    """Charge, PaymentIntent, InvoicePayment and Refund carry exactly the top-level fields of Stripe's fixtures."""
    theirs = load_vendor_spec("stripe", "fixtures3.json")["resources"]
    intent_id = _intent_of(client, paid_invoice)
    refund = client.v1.refunds.create({"payment_intent": intent_id})
    payment_id = client.v1.invoice_payments.list({"invoice": paid_invoice.id}).data[0].id
    ours = {
        "charge": _raw(standin, f"charges/{refund.charge}"),
        "payment_intent": _raw(standin, f"payment_intents/{intent_id}"),
        "invoice_payment": _raw(standin, f"invoice_payments/{payment_id}"),
        "refund": _raw(standin, f"refunds/{refund.id}"),
    }
    for kind, obj in ours.items():
        assert sorted(set(theirs[kind]) ^ set(obj)) == [], kind
        assert obj["object"] == theirs[kind]["object"]
