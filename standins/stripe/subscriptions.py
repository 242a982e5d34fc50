"""Subscription life: start, renew, dunning retries, cancellation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import discounts, shapes_invoice, shapes_subscription
from .cards import Outcome
from .payments import card_of, charge
from .periods import DAY, period_end
from .store import Store

LIVE = ("trialing", "active", "past_due")


def item(sub: dict[str, Any]) -> dict[str, Any]:
    """Return the subscription's single item, which carries the period."""
    return sub["items"]["data"][0]


def _new_invoice(
    store: Store, public_url: str, sub: dict[str, Any], reason: str, amount: int, start: int, end: int
) -> dict[str, Any]:
    """Create, finalize and announce a subscription invoice."""
    customer = store.get("customer", sub["customer"])
    invoice = store.add(
        shapes_invoice.invoice(
            store.now(),
            public_url,
            customer=customer,
            sub=sub,
            billing_reason=reason,
            amount=amount,
            period_start=start,
            period_end=end,
        )
    )
    discounts.apply_to_invoice(store, sub, invoice)
    customer["next_invoice_sequence"] += 1
    sub["latest_invoice"] = invoice["id"]
    store.emit("invoice.created", invoice)
    store.emit("invoice.finalized", invoice)
    return invoice


def start(
    store: Store,
    public_url: str,
    *,
    customer: dict[str, Any],
    price: dict[str, Any],
    quantity: int,
    metadata: dict[str, str],
    trial_days: int | None,
    payment_method: str | None,
    promotion_code: str | None = None,
    session_id: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Create a subscription and its first invoice; the caller collects payment."""
    now = store.now()
    trial_end = now + trial_days * DAY if trial_days else None
    end = trial_end or period_end(now, price["recurring"])
    sub = store.add(
        shapes_subscription.subscription(
            now,
            customer=customer["id"],
            price_obj=price,
            quantity=quantity,
            period_start=now,
            period_end=end,
            trial_end=trial_end,
            metadata=metadata,
            payment_method=payment_method,
        )
    )
    if customer["currency"] is None:
        customer["currency"] = price["currency"]
    amount = 0 if trial_end else price["unit_amount"] * quantity
    if session_id:
        discounts.attach(store, sub, session_id, promotion_code)
    invoice = _new_invoice(store, public_url, sub, "subscription_create", amount, now, end)
    store.emit("customer.subscription.created", sub)
    return sub, invoice


def set_status(store: Store, sub: dict[str, Any], status: str) -> None:
    """Move a subscription to a new status and announce the change."""
    before = store.snapshot(sub)
    sub["status"] = status
    store.emit_updated("customer.subscription.updated", before, sub)


def settle(
    store: Store,
    sub: dict[str, Any],
    invoice: dict[str, Any],
    *,
    authenticated: bool = False,
    off_session: bool = False,
) -> Outcome:
    """Charge an open invoice of the subscription now; payment makes the subscription active."""
    next_attempt = invoice["next_payment_attempt"]
    outcome = charge(
        store,
        invoice,
        card_of(store, sub["customer"]),
        off_session=off_session,
        authenticated=authenticated,
        next_attempt=next_attempt,
    )
    if outcome is Outcome.SUCCEEDED:
        store.internal(sub["id"]).pop("dunning", None)
        if sub["status"] in ("incomplete", "past_due"):
            set_status(store, sub, "active")
    return outcome


def renew(store: Store, public_url: str, sub: dict[str, Any], retry_days: Sequence[float]) -> None:
    """Start the next period (or end the trial): invoice it and charge the card on file."""
    before = store.snapshot(sub)
    current = item(sub)
    begin = current["current_period_end"]
    end = period_end(begin, current["price"]["recurring"])
    current["current_period_start"], current["current_period_end"] = begin, end
    amount = current["price"]["unit_amount"] * current["quantity"]
    invoice = _new_invoice(store, public_url, sub, "subscription_cycle", amount, begin, end)
    retries = [store.now() + int(days * DAY) for days in retry_days]
    outcome = charge(
        store, invoice, card_of(store, sub["customer"]), off_session=True, next_attempt=retries[0] if retries else None
    )
    if outcome is Outcome.SUCCEEDED:
        sub["status"] = "active"
    elif retries:
        sub["status"] = "past_due"
        store.internal(sub["id"])["dunning"] = {"invoice": invoice["id"], "retries": retries}
    else:
        sub["status"] = "past_due"
    store.emit_updated("customer.subscription.updated", before, sub)
    if sub["status"] == "past_due" and not retries:
        cancel_now(store, sub, "payment_failed")


def retry(store: Store, sub: dict[str, Any]) -> None:
    """Run the next scheduled retry of a failed renewal; the last failure cancels."""
    dunning = store.internal(sub["id"])["dunning"]
    remaining = dunning["retries"][1:]
    invoice = store.get("invoice", dunning["invoice"])
    outcome = charge(
        store,
        invoice,
        card_of(store, sub["customer"]),
        off_session=True,
        next_attempt=remaining[0] if remaining else None,
    )
    if outcome is Outcome.SUCCEEDED:
        store.internal(sub["id"]).pop("dunning", None)
        set_status(store, sub, "active")
    elif remaining:
        dunning["retries"] = remaining
    else:
        cancel_now(store, sub, "payment_failed")


def cancel_now(store: Store, sub: dict[str, Any], reason: str) -> None:
    """End the subscription at once and emit customer.subscription.deleted."""
    now = store.now()
    store.internal(sub["id"]).pop("dunning", None)
    sub["status"] = "canceled"
    sub["canceled_at"] = sub["canceled_at"] or now
    sub["ended_at"] = now
    sub["cancellation_details"]["reason"] = sub["cancellation_details"]["reason"] or reason
    store.emit("customer.subscription.deleted", sub)


def cancel_at_period_end(store: Store, sub: dict[str, Any], flag: bool) -> None:
    """Schedule (or withdraw) cancellation at the end of the current period."""
    before = store.snapshot(sub)
    sub["cancel_at_period_end"] = flag
    sub["cancel_at"] = item(sub)["current_period_end"] if flag else None
    sub["canceled_at"] = store.now() if flag else None
    sub["cancellation_details"]["reason"] = "cancellation_requested" if flag else None
    store.emit_updated("customer.subscription.updated", before, sub)


def expire_incomplete(store: Store, sub: dict[str, Any]) -> None:
    """End a subscription whose first invoice went unpaid for 23 hours, voiding that invoice."""
    invoice = store.find("invoice", sub["latest_invoice"] or "")
    if invoice is not None and invoice["status"] == "open":
        invoice["status"] = "void"
        invoice["status_transitions"]["voided_at"] = store.now()
        store.emit("invoice.voided", invoice)
    before = store.snapshot(sub)
    sub["status"] = "incomplete_expired"
    sub["ended_at"] = store.now()
    store.emit_updated("customer.subscription.updated", before, sub)
