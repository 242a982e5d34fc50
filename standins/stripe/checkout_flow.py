"""Paying on the hosted Checkout page: what each test card does to the session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import discounts, shapes_catalog, shapes_sessions, subscriptions
from .cards import CardRejected, Outcome, lookup
from .payments import attach_card
from .store import Store


@dataclass(frozen=True)
class PaymentResult:
    """The answer the payer sees after submitting a card."""

    result: str  # complete | declined | requires_action | error | applied
    message: str
    session: dict[str, Any]
    decline_code: str | None = None

    def as_json(self) -> dict[str, Any]:
        """Return the scripted `/complete` answer; a decline names Stripe's `decline_code`."""
        body: dict[str, Any] = {"result": self.result, "message": self.message, "session": self.session}
        if self.decline_code:
            body["decline_code"] = self.decline_code
        return body


def _customer_for(store: Store, session: dict[str, Any]) -> dict[str, Any]:
    """Return the session's customer, creating one from the email as Checkout does."""
    if session["customer"]:
        return store.get("customer", session["customer"])
    customer = store.add(
        shapes_catalog.customer(
            store.now(), email=session["customer_email"], name=None, phone=None, description=None, metadata={}
        )
    )
    store.emit("customer.created", customer)
    return customer


def _complete(store: Store, session: dict[str, Any], customer: dict[str, Any], paid: bool) -> PaymentResult:
    """Mark the session complete and emit checkout.session.completed."""
    session.update(
        status="complete",
        url=None,
        payment_status="paid" if paid else "no_payment_required",
        customer_details=shapes_sessions.customer_details(customer),
    )
    discounts.redeem(store, store.internal(session["id"]).get("promotion_code"))
    store.emit("checkout.session.completed", session)
    return PaymentResult("complete", "Payment succeeded.", session)


def apply_code(store: Store, session: dict[str, Any], code: object) -> PaymentResult | None:
    """Accept a promotion code typed on the page, or say why not; None when no code was typed."""
    if not isinstance(code, str) or not code.strip():
        return None
    if session["status"] != "open" or session["subscription"]:
        return PaymentResult("error", "The code can no longer be changed for this payment.", session)
    if not session["allow_promotion_codes"]:
        return PaymentResult("error", "This checkout does not accept promotion codes.", session)
    try:
        promo = discounts.redeemable(store, code, session)
    except discounts.CodeRefused as exc:
        return PaymentResult("error", str(exc), session)
    discounts.apply_to_session(store, session, promo)
    return PaymentResult("applied", f"{promo['code']} applied.", session)


def pay(store: Store, public_url: str, session: dict[str, Any], number: object, code: object = None) -> PaymentResult:
    """Pay an open subscription-mode session with a test card, and a promotion code when one is typed."""
    if session["status"] == "complete":
        return PaymentResult("complete", "This session is already paid.", session)
    if session["status"] != "open":
        return PaymentResult("error", "This Checkout Session has expired.", session)
    applied = apply_code(store, session, code) if not session["subscription"] else None
    if applied is not None and applied.result == "error":
        return applied
    try:
        card = lookup(number)
    except CardRejected as exc:
        return PaymentResult("error", str(exc), session)
    if card.outcome is Outcome.DECLINED and not session["subscription"]:
        # Checkout refuses the card before any customer or subscription exists.
        return PaymentResult("declined", card.message, session, card.decline_code)
    customer = _customer_for(store, session)
    payment_method = attach_card(store, customer, card)
    session["customer"] = customer["id"]
    if session["subscription"]:
        sub = store.get("subscription", session["subscription"])
        invoice = store.get("invoice", sub["latest_invoice"])
        sub["default_payment_method"] = payment_method
    else:
        extra = store.internal(session["id"])
        sub, invoice = subscriptions.start(
            store,
            public_url,
            customer=customer,
            price=store.get("price", extra["price"]),
            quantity=extra["quantity"],
            metadata=extra["subscription_metadata"],
            trial_days=extra["trial_days"],
            payment_method=payment_method,
            promotion_code=extra.get("promotion_code"),
            session_id=session["id"],
        )
        session.update(subscription=sub["id"], invoice=invoice["id"])
    outcome = subscriptions.settle(store, sub, invoice)
    if outcome is Outcome.SUCCEEDED:
        return _complete(store, session, customer, paid=invoice["amount_due"] > 0)
    if outcome is Outcome.REQUIRES_ACTION:
        return PaymentResult("requires_action", card.message, session)
    return PaymentResult("declined", card.message, session, card.decline_code)


def authenticate(store: Store, session: dict[str, Any], approve: bool) -> PaymentResult:
    """Finish (or refuse) the bank's authentication step for a session awaiting it."""
    sub = store.find("subscription", session["subscription"] or "")
    if session["status"] != "open" or sub is None or sub["status"] != "incomplete":
        return PaymentResult("error", "Nothing is waiting for authentication.", session)
    invoice = store.get("invoice", sub["latest_invoice"])
    customer = store.get("customer", sub["customer"])
    if not approve:
        invoice["attempt_count"] += 1
        store.emit("invoice.payment_failed", invoice)
        return PaymentResult("declined", "Authentication failed. Try again or use another card.", session)
    outcome = subscriptions.settle(store, sub, invoice, authenticated=True)
    if outcome is not Outcome.SUCCEEDED:
        return PaymentResult("declined", "Your card was declined.", session)
    return _complete(store, session, customer, paid=True)
