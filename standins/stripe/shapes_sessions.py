"""Checkout Session and Customer Portal session objects with the fields Stripe returns."""

from __future__ import annotations

from typing import Any

from .ids import new_id

CHECKOUT_LIFETIME = 24 * 3600
# The pinned API version's name for Checkout on a page Stripe hosts (it was "hosted" before).
UI_MODE = "hosted_page"


def hosted_url(public_url: str, session_id: str) -> str:
    """Return the address of a session's hosted payment page."""
    return f"{public_url}/c/pay/{session_id}"


def checkout_session(
    now: int,
    public_url: str,
    *,
    mode: str,
    customer: str | None,
    customer_email: str | None,
    client_reference_id: str | None,
    metadata: dict[str, str],
    success_url: str,
    cancel_url: str | None,
    allow_promotion_codes: bool | None,
    amount: int,
    currency: str,
) -> dict[str, Any]:
    """Return a new open Checkout Session whose `url` is the stand-in's hosted page."""
    session_id = new_id("cs_test")
    return {
        "id": session_id,
        "object": "checkout.session",
        "adaptive_pricing": {"enabled": False},
        "after_expiration": None,
        "allow_promotion_codes": allow_promotion_codes,
        "amount_subtotal": amount,
        "amount_total": amount,
        "automatic_tax": {"enabled": False, "liability": None, "provider": None, "status": None},
        "billing_address_collection": None,
        "cancel_url": cancel_url,
        "client_reference_id": client_reference_id,
        "client_secret": None,
        "collected_information": None,
        "consent": None,
        "consent_collection": None,
        "created": now,
        "currency": currency,
        "currency_conversion": None,
        "custom_fields": [],
        "custom_text": {
            "after_submit": None,
            "shipping_address": None,
            "submit": None,
            "terms_of_service_acceptance": None,
        },
        "customer": customer,
        "customer_account": None,
        "customer_creation": None if customer else "always",
        "customer_details": None,
        "customer_email": customer_email,
        "discounts": [],
        "expires_at": now + CHECKOUT_LIFETIME,
        "integration_identifier": None,
        "invoice": None,
        "invoice_creation": None,
        "livemode": False,
        "locale": None,
        "managed_payments": {"enabled": False},
        "metadata": metadata,
        "mode": mode,
        "origin_context": None,
        "payment_intent": None,
        "payment_link": None,
        "payment_method_collection": "always",
        "payment_method_configuration_details": None,
        "payment_method_options": {},
        "payment_method_types": ["card"],
        "payment_status": "unpaid",
        "permissions": None,
        "phone_number_collection": {"enabled": False},
        "recovered_from": None,
        "saved_payment_method_options": None,
        "setup_intent": None,
        "shipping_address_collection": None,
        "shipping_cost": None,
        "shipping_options": [],
        "status": "open",
        "submit_type": None,
        "subscription": None,
        "success_url": success_url,
        "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
        "ui_mode": UI_MODE,
        "url": hosted_url(public_url, session_id),
        "wallet_options": None,
    }


def customer_details(customer: dict[str, Any]) -> dict[str, Any]:
    """Return what Checkout collected about the payer, as set on completion."""
    return {
        "address": None,
        "business_name": None,
        "email": customer["email"],
        "individual_name": None,
        "name": customer["name"],
        "phone": customer["phone"],
        "tax_exempt": "none",
        "tax_ids": [],
    }


def portal_session(
    now: int, public_url: str, *, customer: str, return_url: str | None, configuration: str
) -> dict[str, Any]:
    """Return a new Customer Portal session whose `url` is the stand-in's portal page."""
    session_id = new_id("bps")
    return {
        "id": session_id,
        "object": "billing_portal.session",
        "configuration": configuration,
        "created": now,
        "customer": customer,
        "customer_account": None,
        "flow": None,
        "livemode": False,
        "locale": None,
        "on_behalf_of": None,
        "return_url": return_url,
        "url": f"{public_url}/p/session/{session_id}",
    }
