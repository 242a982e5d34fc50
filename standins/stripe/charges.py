"""The money behind a paid invoice: a PaymentIntent, its Charge, and the InvoicePayment joining them."""

from __future__ import annotations

from typing import Any

from . import shapes_payments
from .cards import KnownCard
from .store import Store


def record_card_payment(store: Store, invoice: dict[str, Any], card: KnownCard) -> dict[str, Any]:
    """Create the PaymentIntent, Charge and InvoicePayment for a card payment of the whole invoice."""
    now = store.now()
    payment_method = store.get("customer", invoice["customer"])["invoice_settings"]["default_payment_method"]
    intent = store.add(shapes_payments.payment_intent(now, invoice, payment_method))
    # The hosted invoice page doubles as the receipt, so the link always opens something real.
    paid = store.add(shapes_payments.charge(now, intent, card, invoice.get("hosted_invoice_url")))
    intent["latest_charge"] = paid["id"]
    store.add(shapes_payments.invoice_payment(now, invoice, intent))
    return paid


def payments_of(store: Store, invoice_id: str | None = None, intent_id: str | None = None) -> list[dict[str, Any]]:
    """Return the InvoicePayments of an invoice or of a PaymentIntent, newest first."""
    return [
        p
        for p in store.all("invoice_payment")
        if (invoice_id is None or p["invoice"] == invoice_id)
        and (intent_id is None or p["payment"].get("payment_intent") == intent_id)
    ]
