"""Promotion codes at Checkout: which code may be redeemed, what it takes off, and which invoices it covers."""

from __future__ import annotations

from typing import Any

from . import shapes_promotions
from .store import Store


class CodeRefused(ValueError):
    """The code typed cannot be used; the message is what Checkout shows the payer."""


def find_code(store: Store, code: str) -> dict[str, Any] | None:
    """Return the promotion code with this text, matched without regard to case as Checkout does."""
    wanted = code.strip().lower()
    return next((p for p in store.all("promotion_code") if p["code"].lower() == wanted), None)


def coupon_of(store: Store, promo: dict[str, Any]) -> dict[str, Any]:
    """Return the coupon a promotion code grants."""
    return store.get("coupon", promo["promotion"]["coupon"])


def redeemable(store: Store, code: str, session: dict[str, Any]) -> dict[str, Any]:
    """Return the promotion code if this session may use it now, or refuse with the reason."""
    promo = find_code(store, code) if code.strip() else None
    if promo is None:
        raise CodeRefused("This code is invalid.")
    coupon = coupon_of(store, promo)
    now = store.now()
    expired = (promo["expires_at"] is not None and promo["expires_at"] <= now) or (
        coupon["redeem_by"] is not None and coupon["redeem_by"] <= now
    )
    used_up = (promo["max_redemptions"] is not None and promo["times_redeemed"] >= promo["max_redemptions"]) or (
        coupon["max_redemptions"] is not None and coupon["times_redeemed"] >= coupon["max_redemptions"]
    )
    if not promo["active"] or not coupon["valid"] or expired or used_up:
        raise CodeRefused("This code is no longer available.")
    if promo["customer"] and promo["customer"] != session["customer"]:
        raise CodeRefused("This code is invalid.")
    minimum = promo["restrictions"]["minimum_amount"]
    if minimum is not None and session["amount_subtotal"] < minimum:
        raise CodeRefused("This code needs a larger purchase.")
    if coupon["amount_off"] is not None and coupon["currency"] != session["currency"]:
        raise CodeRefused("This code is invalid.")
    return promo


def amount_off(coupon: dict[str, Any], subtotal: int) -> int:
    """Return what the coupon takes off a subtotal, never more than the subtotal."""
    if coupon["percent_off"] is not None:
        off = round(subtotal * float(coupon["percent_off"]) / 100)
    else:
        off = int(coupon["amount_off"] or 0)
    return max(0, min(off, subtotal))


def apply_to_session(store: Store, session: dict[str, Any], promo: dict[str, Any]) -> None:
    """Show the code's discount on the open session's amounts, as Checkout does once a code is accepted."""
    off = amount_off(coupon_of(store, promo), session["amount_subtotal"])
    session["discounts"] = [{"coupon": promo["promotion"]["coupon"], "promotion_code": promo["id"]}]
    session["amount_total"] = session["amount_subtotal"] - off
    session["total_details"]["amount_discount"] = off
    store.internal(session["id"])["promotion_code"] = promo["id"]


def attach(store: Store, sub: dict[str, Any], session_id: str, promo_id: str | None) -> None:
    """Put the session's accepted code on the new subscription as a discount before its first invoice."""
    if not promo_id:
        return
    promo = store.get("promotion_code", promo_id)
    coupon = coupon_of(store, promo)
    found = store.add(
        shapes_promotions.discount(
            store.now(),
            coupon_obj=coupon,
            promotion_code_id=promo_id,
            customer=sub["customer"],
            subscription=sub["id"],
            session=session_id,
        )
    )
    sub["discounts"] = [found["id"]]
    cycles = {"once": 1, "repeating": coupon["duration_in_months"], "forever": None}[coupon["duration"]]
    store.internal(sub["id"])["discount"] = {"id": found["id"], "invoices_left": cycles}


def apply_to_invoice(store: Store, sub: dict[str, Any], invoice: dict[str, Any]) -> None:
    """Take the subscription's discount off a new invoice while the coupon's duration lasts."""
    held = store.internal(sub["id"]).get("discount")
    if not held or held["invoices_left"] == 0:
        return
    found = store.get("discount", held["id"])
    off = amount_off(store.get("coupon", found["source"]["coupon"]), invoice["subtotal"])
    total = invoice["subtotal"] - off
    invoice.update(
        discounts=[found["id"]],
        total_discount_amounts=[{"amount": off, "discount": found["id"]}],
        total=total,
        total_excluding_tax=total,
        amount_due=total,
        amount_remaining=total,
    )
    for line in invoice["lines"]["data"]:
        line.update(discounts=[found["id"]], discount_amounts=[{"amount": off, "discount": found["id"]}])
    if held["invoices_left"] is not None:
        held["invoices_left"] -= 1
        if held["invoices_left"] == 0:
            sub["discounts"] = []


def redeem(store: Store, promo_id: str | None) -> None:
    """Count one redemption on the code and its coupon once the session completes."""
    if not promo_id:
        return
    promo = store.get("promotion_code", promo_id)
    coupon = coupon_of(store, promo)
    promo["times_redeemed"] += 1
    coupon["times_redeemed"] += 1
    if coupon["max_redemptions"] is not None and coupon["times_redeemed"] >= coupon["max_redemptions"]:
        coupon["valid"] = False
