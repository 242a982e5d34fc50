"""Customer, product, price and plan objects with the fields Stripe returns."""

from __future__ import annotations

import secrets
from typing import Any

from .ids import new_id


def customer(
    now: int,
    *,
    email: str | None,
    name: str | None,
    phone: str | None,
    description: str | None,
    metadata: dict[str, str],
) -> dict[str, Any]:
    """Return a new customer object."""
    return {
        "id": new_id("cus"),
        "object": "customer",
        "address": None,
        "balance": 0,
        "created": now,
        "currency": None,
        "default_source": None,
        "delinquent": False,
        "description": description,
        "discount": None,
        "email": email,
        "invoice_prefix": secrets.token_hex(4).upper(),
        "invoice_settings": {
            "custom_fields": None,
            "default_payment_method": None,
            "footer": None,
            "rendering_options": None,
        },
        "livemode": False,
        "metadata": metadata,
        "name": name,
        "next_invoice_sequence": 1,
        "phone": phone,
        "preferred_locales": [],
        "shipping": None,
        "tax_exempt": "none",
        "test_clock": None,
    }


def product(
    now: int, *, product_id: str | None, name: str, description: str | None, active: bool, metadata: dict[str, str]
) -> dict[str, Any]:
    """Return a new product object (a service, as subscriptions sell)."""
    return {
        "id": product_id or new_id("prod"),
        "object": "product",
        "active": active,
        "created": now,
        "default_price": None,
        "description": description,
        "images": [],
        "livemode": False,
        "marketing_features": [],
        "metadata": metadata,
        "name": name,
        "package_dimensions": None,
        "shippable": None,
        "statement_descriptor": None,
        "tax_code": None,
        "type": "service",
        "unit_label": None,
        "updated": now,
        "url": None,
    }


def price(
    now: int,
    *,
    product_id: str,
    unit_amount: int,
    currency: str,
    recurring: dict[str, Any] | None,
    lookup_key: str | None,
    nickname: str | None,
    active: bool,
    metadata: dict[str, str],
) -> dict[str, Any]:
    """Return a new per-unit price, recurring when `recurring` is given."""
    return {
        "id": new_id("price"),
        "object": "price",
        "active": active,
        "billing_scheme": "per_unit",
        "created": now,
        "currency": currency,
        "custom_unit_amount": None,
        "livemode": False,
        "lookup_key": lookup_key,
        "metadata": metadata,
        "nickname": nickname,
        "product": product_id,
        "recurring": None
        if recurring is None
        else {
            "interval": recurring["interval"],
            "interval_count": recurring["interval_count"],
            "meter": None,
            "trial_period_days": recurring.get("trial_period_days"),
            "usage_type": "licensed",
        },
        "tax_behavior": "unspecified",
        "tiers_mode": None,
        "transform_quantity": None,
        "type": "one_time" if recurring is None else "recurring",
        "unit_amount": unit_amount,
        "unit_amount_decimal": str(unit_amount),
    }


def plan(price_obj: dict[str, Any]) -> dict[str, Any]:
    """Return the legacy plan view of a recurring price, as subscription items still carry."""
    recurring = price_obj["recurring"] or {}
    return {
        "id": price_obj["id"],
        "object": "plan",
        "active": price_obj["active"],
        "amount": price_obj["unit_amount"],
        "amount_decimal": price_obj["unit_amount_decimal"],
        "billing_scheme": "per_unit",
        "created": price_obj["created"],
        "currency": price_obj["currency"],
        "interval": recurring.get("interval"),
        "interval_count": recurring.get("interval_count"),
        "livemode": False,
        "metadata": dict(price_obj["metadata"]),
        "meter": None,
        "nickname": price_obj["nickname"],
        "product": price_obj["product"],
        "tiers_mode": None,
        "transform_usage": None,
        "trial_period_days": recurring.get("trial_period_days"),
        "usage_type": "licensed",
    }
