"""The money behind a paid invoice: a PaymentIntent, its Charge, and the InvoicePayment joining them."""

from __future__ import annotations

from typing import Any

from . import shapes_payments
from .cards import KnownCard
from .store import Store


def _open_payment(store: Store, invoice: dict[str, Any]) -> dict[str, Any] | None:
    """Return the invoice's InvoicePayment still waiting for money after a failed attempt, if any."""
    return next((p for p in payments_of(store, invoice["id"]) if p["status"] == "open"), None)


def record_card_payment(store: Store, invoice: dict[str, Any], card: KnownCard) -> dict[str, Any]:
    """Create (or, after a failed attempt, complete) the PaymentIntent, Charge and InvoicePayment of a payment."""
    now = store.now()
    payment_method = store.get("customer", invoice["customer"])["invoice_settings"]["default_payment_method"]
    waiting = _open_payment(store, invoice)
    fresh = shapes_payments.payment_intent(now, invoice, payment_method)
    if waiting is not None:
        # Stripe keeps one PaymentIntent per invoice; a later success completes the one that failed.
        intent = store.get("payment_intent", waiting["payment"]["payment_intent"])
        intent.update({k: fresh[k] for k in ("status", "amount_received", "payment_method")}, last_payment_error=None)
    else:
        intent = store.add(fresh)
    # The hosted invoice page doubles as the receipt, so the link always opens something real.
    paid = store.add(shapes_payments.charge(now, intent, card, invoice.get("hosted_invoice_url")))
    intent["latest_charge"] = paid["id"]
    if waiting is not None:
        waiting.update(status="paid", amount_paid=intent["amount_received"])
        waiting["status_transitions"]["paid_at"] = now
    else:
        store.add(shapes_payments.invoice_payment(now, invoice, intent))
    return paid


def record_declined_payment(store: Store, invoice: dict[str, Any], card: KnownCard) -> dict[str, Any]:
    """Record a declined attempt as Stripe does: a failed Charge, and the PaymentIntent's last_payment_error."""
    now = store.now()
    payment_method = store.get("customer", invoice["customer"])["invoice_settings"]["default_payment_method"]
    waiting = _open_payment(store, invoice)
    if waiting is not None:
        intent = store.get("payment_intent", waiting["payment"]["payment_intent"])
    else:
        intent = store.add(shapes_payments.payment_intent(now, invoice, payment_method))
        intent.update(status="requires_payment_method", amount_received=0)
        opened = store.add(shapes_payments.invoice_payment(now, invoice, intent))
        opened.update(status="open", amount_paid=None)
        opened["status_transitions"]["paid_at"] = None
    failed = store.add(shapes_payments.charge(now, intent, card, None))
    shapes_payments.mark_declined(failed, card)
    intent["latest_charge"] = failed["id"]
    intent["last_payment_error"] = shapes_payments.payment_error(failed, card)
    store.emit("charge.failed", failed)
    store.emit("payment_intent.payment_failed", intent)
    return failed


def payments_of(store: Store, invoice_id: str | None = None, intent_id: str | None = None) -> list[dict[str, Any]]:
    """Return the InvoicePayments of an invoice or of a PaymentIntent, newest first."""
    return [
        p
        for p in store.all("invoice_payment")
        if (invoice_id is None or p["invoice"] == invoice_id)
        and (intent_id is None or p["payment"].get("payment_intent") == intent_id)
    ]
