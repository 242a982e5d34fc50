"""/v1/checkout/sessions and /v1/billing_portal/sessions."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from . import shapes_sessions
from .api_gate import guard, locked, params, reply
from .errors import StripeError, invalid
from .formdata import as_bool, as_int, as_list, as_str, metadata, only, required_str
from .ids import new_id
from .listing import page
from .standin import standin

bp = Blueprint("stripe_sessions", __name__, url_prefix="/v1")
guard(bp)

CHECKOUT_PARAMS = (
    "mode",
    "line_items",
    "customer",
    "customer_email",
    "client_reference_id",
    "metadata",
    "success_url",
    "cancel_url",
    "allow_promotion_codes",
    "subscription_data",
    "payment_method_types",
    "billing_address_collection",
    "locale",
    "ui_mode",
)


def _line_item(p: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Return the one recurring price and quantity the session sells."""
    items = as_list(p, "line_items")
    if not items:
        raise invalid("line_items", "line_items is required in subscription mode.", "parameter_missing")
    if len(items) > 1:
        raise invalid("line_items", "The stand-in sells one line item per session.")
    item = items[0] if isinstance(items[0], dict) else {}
    only(item, ("price", "quantity"))
    price = standin().store.get("price", required_str(item, "price"), "line_items[0][price]")
    if price["type"] != "recurring" or not price["active"]:
        raise invalid(
            "line_items[0][price]",
            "You must provide at least one active recurring price in `subscription` mode when using prices.",
        )
    quantity = as_int(item, "quantity", 1)
    if quantity is None or quantity < 1:
        raise invalid("line_items[0][quantity]", "Quantity must be at least 1.")
    return price, quantity


def _subscription_data(p: dict[str, Any]) -> tuple[dict[str, str], int | None]:
    """Return the subscription's metadata and trial length from `subscription_data`."""
    data = p.get("subscription_data") or {}
    if not isinstance(data, dict):
        raise invalid("subscription_data", "Invalid hash: subscription_data")
    for key in data:
        if key not in ("metadata", "trial_period_days", "description"):
            raise invalid(
                f"subscription_data[{key}]",
                f"Received unknown parameter: subscription_data[{key}]",
                "parameter_unknown",
            )
    trial = as_int(data, "trial_period_days")
    if trial is not None and not 1 <= trial <= 730:
        raise invalid("subscription_data[trial_period_days]", "trial_period_days must be between 1 and 730.")
    return metadata(data), trial


@bp.post("/checkout/sessions")
@locked
def create_checkout_session():  # type: ignore[no-untyped-def]
    """Create a subscription-mode Checkout Session paid on the stand-in's hosted page."""
    p = params()
    only(p, CHECKOUT_PARAMS)
    app_state = standin()
    store = app_state.store
    if required_str(p, "mode") != "subscription":
        raise invalid("mode", "The Stripe stand-in supports mode=subscription only.")
    if as_str(p, "ui_mode", shapes_sessions.UI_MODE) != shapes_sessions.UI_MODE:
        raise invalid("ui_mode", f"The Stripe stand-in supports ui_mode={shapes_sessions.UI_MODE} only.")
    price, quantity = _line_item(p)
    customer_id, email = as_str(p, "customer"), as_str(p, "customer_email")
    if customer_id and email:
        raise invalid("customer_email", "You may only specify one of these parameters: customer, customer_email.")
    if customer_id:
        store.get("customer", customer_id, "customer")
    reference = as_str(p, "client_reference_id")
    if reference is not None and len(reference) > 200:
        raise invalid("client_reference_id", "client_reference_id must be at most 200 characters.")
    sub_metadata, trial_days = _subscription_data(p)
    session = store.add(
        shapes_sessions.checkout_session(
            store.now(),
            app_state.config.public_url,
            mode="subscription",
            customer=customer_id,
            customer_email=email,
            client_reference_id=reference,
            metadata=metadata(p),
            success_url=required_str(p, "success_url"),
            cancel_url=as_str(p, "cancel_url"),
            allow_promotion_codes=as_bool(p, "allow_promotion_codes"),
            amount=0 if trial_days else price["unit_amount"] * quantity,
            currency=price["currency"],
        )
    )
    store.internal(session["id"]).update(
        price=price["id"], quantity=quantity, subscription_metadata=sub_metadata, trial_days=trial_days
    )
    return reply(session)


@bp.get("/checkout/sessions")
@locked
def list_checkout_sessions():  # type: ignore[no-untyped-def]
    """List Checkout Sessions, optionally by customer, subscription or status."""
    p = params()
    only(p, ("customer", "subscription", "status", "limit", "starting_after", "ending_before", "created"))
    wanted = {name: as_str(p, name) for name in ("customer", "subscription", "status")}
    found = [
        s
        for s in standin().store.all("checkout.session")
        if all(value is None or s[name] == value for name, value in wanted.items())
    ]
    return reply(page(standin().store, found, "/v1/checkout/sessions", p))


@bp.get("/checkout/sessions/<session_id>")
@locked
def get_checkout_session(session_id: str):  # type: ignore[no-untyped-def]
    """Retrieve a Checkout Session (`expand[]=subscription` and friends work)."""
    only(params(), ())
    return reply(standin().store.get("checkout.session", session_id))


@bp.get("/checkout/sessions/<session_id>/line_items")
@locked
def list_checkout_line_items(session_id: str):  # type: ignore[no-untyped-def]
    """List what the session sells."""
    store = standin().store
    session = store.get("checkout.session", session_id)
    extra = store.internal(session_id)
    price = store.get("price", extra["price"])
    product = store.get("product", price["product"])
    amount = price["unit_amount"] * extra["quantity"]
    item = {
        "id": new_id("li"),
        "object": "item",
        "amount_discount": 0,
        "amount_subtotal": amount,
        "amount_tax": 0,
        "amount_total": amount,
        "currency": session["currency"],
        "description": product["name"],
        "price": price,
        "quantity": extra["quantity"],
    }
    return reply(page(store, [item], f"/v1/checkout/sessions/{session_id}/line_items", params()))


@bp.post("/checkout/sessions/<session_id>/expire")
@locked
def expire_checkout_session(session_id: str):  # type: ignore[no-untyped-def]
    """Expire an open Checkout Session so it can no longer be paid."""
    only(params(), ())
    store = standin().store
    session = store.get("checkout.session", session_id)
    if session["status"] != "open":
        raise StripeError(
            400,
            f'Only Checkout Sessions with a status in ["open"] can be expired. '
            f'This Checkout Session has a status of "{session["status"]}".',
        )
    before = store.snapshot(session)
    # Stripe only gives a url while the session can still be paid.
    session.update(status="expired", url=None)
    store.emit_updated("checkout.session.expired", before, session)
    return reply(session)


@bp.post("/billing_portal/sessions")
@locked
def create_portal_session():  # type: ignore[no-untyped-def]
    """Create a Customer Portal session whose url is the stand-in's portal page."""
    p = params()
    only(p, ("customer", "return_url", "configuration", "locale"))
    app_state = standin()
    store = app_state.store
    customer = store.get("customer", required_str(p, "customer"), "customer")
    session = store.add(
        shapes_sessions.portal_session(
            store.now(),
            app_state.config.public_url,
            customer=customer["id"],
            return_url=as_str(p, "return_url"),
            configuration=as_str(p, "configuration") or app_state.portal_configuration,
        )
    )
    return reply(session)
