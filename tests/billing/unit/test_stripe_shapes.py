"""Translating Stripe objects into our types: periods from items, invoice subscription under parent."""

from __future__ import annotations

from services.billing.payments import stripe_shapes


def test_a_subscription_takes_its_period_and_amount_from_its_item() -> None:
    """Since API 2025-03-31 the period lives on the subscription item."""
    sub = stripe_shapes.subscription(
        {
            "id": "sub_1",
            "customer": "cus_1",
            "status": "active",
            "cancel_at_period_end": False,
            "created": 5,
            "metadata": {"lead_id": "L1"},
            "latest_invoice": {"id": "in_1"},
            "items": {
                "data": [
                    {
                        "current_period_start": 10,
                        "current_period_end": 20,
                        "quantity": 2,
                        "price": {"id": "price_1", "unit_amount": 25000, "currency": "usd"},
                    }
                ]
            },
        }
    )
    assert (sub.current_period_start, sub.current_period_end) == (10, 20)
    assert sub.amount_cents == 50000 and sub.lead_id == "L1" and sub.latest_invoice_id == "in_1"


def test_an_invoice_finds_its_subscription_under_parent_or_at_the_top_level() -> None:
    """Both API shapes name the subscription."""
    modern = stripe_shapes.invoice(
        {
            "id": "in_1",
            "customer": "cus_1",
            "created": 1,
            "status": "paid",
            "parent": {"subscription_details": {"subscription": "sub_new"}},
        }
    )
    legacy = stripe_shapes.invoice({"id": "in_2", "customer": "cus_1", "created": 1, "subscription": "sub_old"})
    assert modern.subscription_id == "sub_new" and legacy.subscription_id == "sub_old"
