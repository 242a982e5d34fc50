"""Cards on customers and charge attempts on invoices."""

from __future__ import annotations

from typing import Any

from .cards import KnownCard, Outcome
from .charges import record_card_payment, record_declined_payment
from .ids import new_id
from .store import Store


def attach_card(store: Store, customer: dict[str, Any], card: KnownCard) -> str:
    """Make `card` the customer's default payment method and return its id."""
    payment_method = new_id("pm")
    store.internal(customer["id"])["card"] = card
    before = store.snapshot(customer)
    customer["invoice_settings"]["default_payment_method"] = payment_method
    store.emit_updated("customer.updated", before, customer)
    return payment_method


def card_of(store: Store, customer_id: str) -> KnownCard | None:
    """Return the card charges for this customer go to, if any."""
    return store.internal(customer_id).get("card")


def _set_delinquent(store: Store, customer_id: str, delinquent: bool) -> None:
    """Flag a customer with an unpaid invoice, as Stripe's `delinquent` does."""
    customer = store.get("customer", customer_id)
    before = store.snapshot(customer)
    customer["delinquent"] = delinquent
    store.emit_updated("customer.updated", before, customer)


def mark_paid(store: Store, invoice: dict[str, Any]) -> None:
    """Record full payment of an invoice and emit invoice.paid."""
    invoice.update(status="paid", amount_paid=invoice["amount_due"], amount_remaining=0, next_payment_attempt=None)
    invoice["status_transitions"]["paid_at"] = store.now()
    store.emit("invoice.paid", invoice)
    store.emit("invoice.payment_succeeded", invoice)
    _set_delinquent(store, invoice["customer"], False)


def charge(
    store: Store,
    invoice: dict[str, Any],
    card: KnownCard | None,
    *,
    off_session: bool,
    authenticated: bool = False,
    next_attempt: int | None = None,
) -> Outcome:
    """Try to collect an open invoice from a card; a zero total needs no card."""
    if invoice["status"] == "paid":
        return Outcome.SUCCEEDED
    if invoice["amount_due"] == 0:
        mark_paid(store, invoice)
        return Outcome.SUCCEEDED
    invoice["attempted"] = True
    invoice["attempt_count"] += 1
    outcome = Outcome.DECLINED if card is None else card.outcome
    if outcome is Outcome.REQUIRES_ACTION and authenticated:
        outcome = Outcome.SUCCEEDED
    if outcome is Outcome.SUCCEEDED:
        assert card is not None  # no card always declines
        record_card_payment(store, invoice, card)
        mark_paid(store, invoice)
        return outcome
    invoice["next_payment_attempt"] = next_attempt
    if outcome is Outcome.DECLINED and card is not None:
        record_declined_payment(store, invoice, card)
    if outcome is Outcome.REQUIRES_ACTION:
        store.emit("invoice.payment_action_required", invoice)
    # Off-session, a charge that needs authentication has failed for now, as a decline has.
    if outcome is Outcome.DECLINED or off_session:
        store.emit("invoice.payment_failed", invoice)
    if invoice["billing_reason"] != "subscription_create":
        _set_delinquent(store, invoice["customer"], True)
    return outcome
