"""Subscription objects, with their one item, with the fields Stripe returns."""

from __future__ import annotations

import copy
from typing import Any

from .ids import new_id
from .shapes_catalog import plan


def subscription(
    now: int,
    *,
    customer: str,
    price_obj: dict[str, Any],
    quantity: int,
    period_start: int,
    period_end: int,
    trial_end: int | None,
    metadata: dict[str, str],
    payment_method: str | None,
) -> dict[str, Any]:
    """Return a new subscription with one item; its period lives on the item (API 2025-03-31+)."""
    sub_id = new_id("sub")
    item: dict[str, Any] = {
        "id": new_id("si"),
        "object": "subscription_item",
        "billing_thresholds": None,
        "created": now,
        "current_period_end": period_end,
        "current_period_start": period_start,
        "discounts": [],
        "metadata": {},
        "plan": plan(price_obj),
        "price": copy.deepcopy(price_obj),
        "quantity": quantity,
        "subscription": sub_id,
        "tax_rates": [],
    }
    return {
        "id": sub_id,
        "object": "subscription",
        "application": None,
        "application_fee_percent": None,
        "automatic_tax": {"disabled_reason": None, "enabled": False, "liability": None},
        "billing_cycle_anchor": period_end if trial_end else period_start,
        "billing_cycle_anchor_config": None,
        "billing_mode": {"flexible": None, "type": "classic"},
        "billing_schedules": [],
        "billing_thresholds": None,
        "cancel_at": None,
        "cancel_at_period_end": False,
        "canceled_at": None,
        "cancellation_details": {"comment": None, "feedback": None, "reason": None},
        "collection_method": "charge_automatically",
        "created": now,
        "currency": price_obj["currency"],
        "customer": customer,
        "customer_account": None,
        "days_until_due": None,
        "default_payment_method": payment_method,
        "default_source": None,
        "default_tax_rates": [],
        "description": None,
        "discounts": [],
        "ended_at": None,
        "invoice_settings": {
            "account_tax_ids": None,
            "custom_fields": None,
            "description": None,
            "footer": None,
            "issuer": {"type": "self"},
        },
        "items": {
            "object": "list",
            "data": [item],
            "has_more": False,
            "url": f"/v1/subscription_items?subscription={sub_id}",
        },
        "latest_invoice": None,
        "livemode": False,
        "managed_payments": {"enabled": False},
        "metadata": metadata,
        "next_pending_invoice_item_invoice": None,
        "on_behalf_of": None,
        "pause_collection": None,
        "payment_settings": {
            "payment_method_options": None,
            "payment_method_types": None,
            "save_default_payment_method": "off",
        },
        "pending_invoice_item_interval": None,
        "pending_setup_intent": None,
        "pending_update": None,
        "schedule": None,
        "start_date": now,
        "status": "trialing" if trial_end else "incomplete",
        "test_clock": None,
        "transfer_data": None,
        "trial_end": trial_end,
        "trial_settings": {"end_behavior": {"missing_payment_method": "create_invoice"}},
        "trial_start": now if trial_end else None,
    }
