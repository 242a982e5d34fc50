"""Refunds and charges read into our types; the payment refunded is the subscription's newest paid invoice."""

from __future__ import annotations

from services.billing.declines.refund_job import latest_paid_invoice
from services.billing.payments import stripe_shapes
from services.billing.payments.port import InvoiceState


def _invoice(invoice_id: str, subscription_id: str, status: str, paid: int, created: int) -> InvoiceState:
    """An invoice with only the fields the choice looks at."""
    return InvoiceState(
        id=invoice_id,
        customer_id="cus_1",
        subscription_id=subscription_id,
        status=status,
        amount_due=paid,
        amount_paid=paid,
        currency="usd",
        number=None,
        hosted_invoice_url=None,
        invoice_pdf=None,
        attempt_count=1,
        next_payment_attempt=None,
        billing_reason=None,
        created=created,
        paid_at=None,
    )


def test_a_charge_carries_its_expanded_refunds_and_the_invoice_it_paid() -> None:
    """charge.amount_refunded and each listed refund are read; ids may come expanded or as strings."""
    charge = stripe_shapes.charge(
        {
            "id": "ch_1",
            "payment_intent": {"id": "pi_1"},
            "customer": "cus_1",
            "amount": 25000,
            "amount_refunded": 10000,
            "currency": "usd",
            "refunds": {
                "data": [
                    {
                        "id": "re_1",
                        "charge": "ch_1",
                        "payment_intent": "pi_1",
                        "amount": 10000,
                        "currency": "usd",
                        "status": "succeeded",
                        "reason": None,
                        "created": 7,
                    }
                ]
            },
        },
        "in_1",
    )
    assert (charge.payment_intent_id, charge.amount_refunded, charge.invoice_id) == ("pi_1", 10000, "in_1")
    assert [(r.id, r.amount, r.status) for r in charge.refunds] == [("re_1", 10000, "succeeded")]


def test_a_charge_without_its_refunds_expanded_has_none_listed() -> None:
    """Stripe leaves charge.refunds out unless expanded; the refunded total still comes through."""
    charge = stripe_shapes.charge({"id": "ch_2", "amount": 25000, "amount_refunded": 25000}, None)
    assert charge.refunds == () and charge.amount_refunded == 25000 and charge.invoice_id is None


def test_the_newest_paid_invoice_of_that_subscription_is_chosen() -> None:
    """Open, zero-amount and other subscriptions' invoices are passed over."""
    invoices = [
        _invoice("in_old", "sub_1", "paid", 25000, 1),
        _invoice("in_new", "sub_1", "paid", 25000, 3),
        _invoice("in_open", "sub_1", "open", 0, 4),
        _invoice("in_free", "sub_1", "paid", 0, 5),
        _invoice("in_other", "sub_2", "paid", 25000, 6),
    ]
    chosen = latest_paid_invoice(invoices, "sub_1")
    assert chosen is not None and chosen.id == "in_new"
    assert latest_paid_invoice(invoices[2:4], "sub_1") is None
