"""/v1/coupons and /v1/promotion_codes: create, list, retrieve, and switch a code on or off."""

from __future__ import annotations

import re
import secrets
import string
from typing import Any

from flask import Blueprint

from . import discounts, shapes_promotions
from .api_gate import guard, locked, params, reply
from .errors import StripeError, invalid, missing
from .formdata import as_bool, as_int, as_str, metadata, only
from .listing import page
from .standin import standin

bp = Blueprint("stripe_promotions", __name__, url_prefix="/v1")
guard(bp)

PAGING = ("limit", "starting_after", "ending_before", "created")
DURATIONS = ("once", "repeating", "forever")
CODE = re.compile(r"[A-Za-z0-9]{1,500}")


def _percent(p: dict[str, Any]) -> float | None:
    """Read percent_off, a number above 0 and at most 100."""
    raw = as_str(p, "percent_off")
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise invalid("percent_off", f"Invalid decimal: {raw}", "parameter_invalid_decimal") from None
    if not 0 < value <= 100:
        raise invalid("percent_off", "percent_off must be greater than 0 and at most 100.")
    return value


def _coupon_params(p: dict[str, Any]) -> dict[str, Any]:
    """Check a coupon's terms as Stripe does and return them."""
    percent, amount = _percent(p), as_int(p, "amount_off")
    if (percent is None) == (amount is None):
        raise invalid("percent_off", "You must pass exactly one of percent_off or amount_off.")
    currency = as_str(p, "currency")
    if amount is not None:
        if amount < 1:
            raise invalid("amount_off", "amount_off must be a positive integer.")
        if not currency:
            raise missing("currency")
    duration = as_str(p, "duration", "once") or "once"
    if duration not in DURATIONS:
        raise invalid("duration", f"Invalid duration: must be one of {', '.join(DURATIONS)}")
    months = as_int(p, "duration_in_months")
    if duration == "repeating" and (months is None or months < 1):
        raise invalid("duration_in_months", "duration_in_months is required and positive when duration=repeating.")
    if duration != "repeating" and months is not None:
        raise invalid("duration_in_months", "duration_in_months is only allowed when duration=repeating.")
    redemptions = as_int(p, "max_redemptions")
    if redemptions is not None and redemptions < 1:
        raise invalid("max_redemptions", "max_redemptions must be a positive integer.")
    return {
        "percent_off": percent,
        "amount_off": amount,
        "currency": currency.lower() if currency else None,
        "duration": duration,
        "duration_in_months": months,
        "max_redemptions": redemptions,
        "name": as_str(p, "name"),
        "redeem_by": as_int(p, "redeem_by"),
    }


@bp.post("/coupons")
@locked
def create_coupon():  # type: ignore[no-untyped-def]
    """Create a coupon; a caller-chosen `id` must be new."""
    p = params()
    only(p, ("id", "percent_off", "amount_off", "currency", "duration", "duration_in_months", "max_redemptions",
             "name", "redeem_by", "metadata"))  # fmt: skip
    store = standin().store
    coupon_id = as_str(p, "id")
    if coupon_id and store.find("coupon", coupon_id):
        raise StripeError(400, "Coupon already exists.", code="resource_already_exists", param="id")
    coupon = store.add(
        shapes_promotions.coupon(store.now(), coupon_id=coupon_id, metadata=metadata(p), **_coupon_params(p))
    )
    store.emit("coupon.created", coupon)
    return reply(coupon)


@bp.get("/coupons")
@locked
def list_coupons():  # type: ignore[no-untyped-def]
    """List coupons, newest first."""
    p = params()
    only(p, PAGING)
    return reply(page(standin().store, standin().store.all("coupon"), "/v1/coupons", p))


@bp.get("/coupons/<coupon_id>")
@locked
def get_coupon(coupon_id: str):  # type: ignore[no-untyped-def]
    """Retrieve a coupon."""
    only(params(), ())
    return reply(standin().store.get("coupon", coupon_id))


def _restrictions(p: dict[str, Any]) -> tuple[int | None, str | None, bool]:
    """Read the code's minimum amount and first-time-only rule."""
    raw = p.get("restrictions") or {}
    if not isinstance(raw, dict):
        raise invalid("restrictions", "Invalid hash: restrictions")
    only(raw, ("minimum_amount", "minimum_amount_currency", "first_time_transaction"))
    minimum, currency = as_int(raw, "minimum_amount"), as_str(raw, "minimum_amount_currency")
    if minimum is not None and not currency:
        raise missing("restrictions[minimum_amount_currency]")
    return minimum, currency, bool(as_bool(raw, "first_time_transaction", False))


@bp.post("/promotion_codes")
@locked
def create_promotion_code():  # type: ignore[no-untyped-def]
    """Create a customer-facing code for a coupon (`promotion[type]=coupon`, `promotion[coupon]=...`)."""
    p = params()
    only(p, ("promotion", "code", "active", "customer", "expires_at", "max_redemptions", "restrictions", "metadata"))
    store = standin().store
    promotion = p.get("promotion")
    if not isinstance(promotion, dict) or not promotion.get("coupon"):
        raise missing("promotion[coupon]")
    only(promotion, ("type", "coupon"))
    if as_str(promotion, "type", "coupon") != "coupon":
        raise invalid("promotion[type]", "promotion[type] must be coupon.")
    coupon = store.get("coupon", str(as_str(promotion, "coupon")), "promotion[coupon]")
    code = as_str(p, "code") or "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(8))
    if not CODE.fullmatch(code):
        raise invalid("code", "code may only contain letters and digits.")
    if discounts.find_code(store, code) is not None:
        raise StripeError(
            400, f"A promotion code with code {code} already exists.", code="resource_already_exists", param="code"
        )
    customer = as_str(p, "customer")
    if customer:
        store.get("customer", customer, "customer")
    redemptions = as_int(p, "max_redemptions")
    if redemptions is not None and redemptions < 1:
        raise invalid("max_redemptions", "max_redemptions must be a positive integer.")
    minimum, minimum_currency, first_time = _restrictions(p)
    promo = store.add(
        shapes_promotions.promotion_code(
            store.now(),
            code=code,
            coupon_id=coupon["id"],
            active=bool(as_bool(p, "active", True)),
            customer=customer,
            expires_at=as_int(p, "expires_at"),
            max_redemptions=redemptions,
            minimum_amount=minimum,
            minimum_amount_currency=minimum_currency,
            first_time_transaction=first_time,
            metadata=metadata(p),
        )
    )
    store.emit("promotion_code.created", promo)
    return reply(promo)


@bp.get("/promotion_codes")
@locked
def list_promotion_codes():  # type: ignore[no-untyped-def]
    """List promotion codes by code, coupon, customer or active, newest first."""
    p = params()
    only(p, ("active", "code", "coupon", "customer", *PAGING))
    active, code = as_bool(p, "active"), as_str(p, "code")
    coupon, customer = as_str(p, "coupon"), as_str(p, "customer")
    found = [
        promo
        for promo in standin().store.all("promotion_code")
        if (active is None or promo["active"] == active)
        and (code is None or promo["code"] == code)
        and (coupon is None or promo["promotion"]["coupon"] == coupon)
        and (customer is None or promo["customer"] == customer)
    ]
    return reply(page(standin().store, found, "/v1/promotion_codes", p))


@bp.get("/promotion_codes/<promo_id>")
@locked
def get_promotion_code(promo_id: str):  # type: ignore[no-untyped-def]
    """Retrieve a promotion code."""
    only(params(), ())
    return reply(standin().store.get("promotion_code", promo_id))


@bp.post("/promotion_codes/<promo_id>")
@locked
def update_promotion_code(promo_id: str):  # type: ignore[no-untyped-def]
    """Switch a code on or off, or change its metadata."""
    p = params()
    only(p, ("active", "metadata"))
    store = standin().store
    promo = store.get("promotion_code", promo_id)
    before = store.snapshot(promo)
    flag = as_bool(p, "active")
    if flag is not None:
        promo["active"] = flag
    promo["metadata"] = metadata(p, current=promo["metadata"])
    store.emit_updated("promotion_code.updated", before, promo)
    return reply(promo)
