"""Refunds as Stripe makes them: of a charge or a PaymentIntent's charge, never more than is left."""

from __future__ import annotations

from typing import Any

from . import shapes_payments
from .errors import invalid, missing
from .store import Store

REASONS = ("duplicate", "fraudulent", "requested_by_customer")


def _dollars(cents: int) -> str:
    """Write an amount the way Stripe's refund errors do."""
    return f"${cents / 100:,.2f}"


def charge_to_refund(store: Store, charge_id: str | None, intent_id: str | None) -> dict[str, Any]:
    """Find the charge a refund request names, directly or through its PaymentIntent."""
    if charge_id is None and intent_id is None:
        raise missing("charge")
    if intent_id is not None:
        intent = store.get("payment_intent", intent_id, "payment_intent")
        if intent["status"] != "succeeded" or intent["latest_charge"] is None:
            raise invalid(
                "payment_intent",
                f"This PaymentIntent ({intent_id}) does not have a successful charge to refund.",
                "charge_not_refundable",
            )
        if charge_id is not None and charge_id != intent["latest_charge"]:
            raise invalid("charge", f"The charge {charge_id} does not belong to PaymentIntent {intent_id}.")
        charge_id = intent["latest_charge"]
    return store.get("charge", str(charge_id), "charge")


def create(
    store: Store, paid: dict[str, Any], amount: int | None, reason: str | None, metadata: dict[str, str]
) -> dict[str, Any]:
    """Refund `amount` (by default all that is left) of a charge, and emit what Stripe emits."""
    if reason is not None and reason not in REASONS:
        raise invalid("reason", f"Invalid reason: must be one of {', '.join(REASONS)}")
    left = paid["amount"] - paid["amount_refunded"]
    if left <= 0:
        raise invalid("charge", f"Charge {paid['id']} has already been refunded.", "charge_already_refunded")
    amount = left if amount is None else amount
    if amount <= 0:
        raise invalid("amount", "Invalid positive integer", "parameter_invalid_integer")
    if amount > left:
        raise invalid(
            "amount",
            f"Refund amount ({_dollars(amount)}) is greater than unrefunded amount on charge ({_dollars(left)})",
            "amount_too_large",
        )
    made = store.add(shapes_payments.refund(store.now(), paid, amount, reason, metadata))
    before = store.snapshot(paid)
    paid["amount_refunded"] += amount
    paid["refunded"] = paid["amount_refunded"] == paid["amount"]
    paid["refunds"]["data"].insert(0, made)
    store.emit("refund.created", made)
    store.emit_updated("charge.refunded", before, paid)
    return made


def refunds_of(store: Store, charge_id: str | None, intent_id: str | None) -> list[dict[str, Any]]:
    """Return refunds, newest first, of one charge or PaymentIntent when named."""
    return [
        r
        for r in store.all("refund")
        if (charge_id is None or r["charge"] == charge_id) and (intent_id is None or r["payment_intent"] == intent_id)
    ]
