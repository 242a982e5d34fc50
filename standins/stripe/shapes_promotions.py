"""Coupon, promotion code and discount objects with the fields Stripe returns."""

from __future__ import annotations

from typing import Any

from .ids import new_id


def coupon(
    now: int,
    *,
    coupon_id: str | None,
    percent_off: float | None,
    amount_off: int | None,
    currency: str | None,
    duration: str,
    duration_in_months: int | None,
    max_redemptions: int | None,
    name: str | None,
    redeem_by: int | None,
    metadata: dict[str, str],
) -> dict[str, Any]:
    """Return a new coupon: a percentage or an amount off, for one, several or every invoice."""
    return {
        "id": coupon_id or new_id("co")[3:11],
        "object": "coupon",
        "amount_off": amount_off,
        "created": now,
        "currency": currency,
        "duration": duration,
        "duration_in_months": duration_in_months,
        "livemode": False,
        "max_redemptions": max_redemptions,
        "metadata": metadata,
        "name": name,
        "percent_off": percent_off,
        "redeem_by": redeem_by,
        "times_redeemed": 0,
        "valid": True,
    }


def promotion_code(
    now: int,
    *,
    code: str,
    coupon_id: str,
    active: bool,
    customer: str | None,
    expires_at: int | None,
    max_redemptions: int | None,
    minimum_amount: int | None,
    minimum_amount_currency: str | None,
    first_time_transaction: bool,
    metadata: dict[str, str],
) -> dict[str, Any]:
    """Return a new customer-facing code for a coupon (the coupon sits under `promotion` in the pinned API)."""
    return {
        "id": new_id("promo"),
        "object": "promotion_code",
        "active": active,
        "code": code,
        "created": now,
        "customer": customer,
        "customer_account": None,
        "expires_at": expires_at,
        "livemode": False,
        "max_redemptions": max_redemptions,
        "metadata": metadata,
        "promotion": {"coupon": coupon_id, "type": "coupon"},
        "restrictions": {
            "first_time_transaction": first_time_transaction,
            "minimum_amount": minimum_amount,
            "minimum_amount_currency": minimum_amount_currency,
        },
        "times_redeemed": 0,
    }


def discount(
    now: int, *, coupon_obj: dict[str, Any], promotion_code_id: str, customer: str, subscription: str, session: str
) -> dict[str, Any]:
    """Return the discount a redeemed code puts on a subscription."""
    months = coupon_obj["duration_in_months"] if coupon_obj["duration"] == "repeating" else None
    return {
        "id": new_id("di"),
        "object": "discount",
        "checkout_session": session,
        "customer": customer,
        "customer_account": None,
        "end": now + months * 31 * 86400 if months else None,
        "invoice": None,
        "invoice_item": None,
        "promotion_code": promotion_code_id,
        "source": {"coupon": coupon_obj["id"], "type": "coupon"},
        "start": now,
        "subscription": subscription,
        "subscription_item": None,
    }
