"""/v1/subscriptions, /v1/invoices and /v1/events."""

from __future__ import annotations

import fnmatch
from typing import Any

from flask import Blueprint

from . import subscriptions
from .api_gate import guard, locked, params, reply
from .cards import Outcome
from .errors import StripeError, invalid
from .formdata import as_bool, as_int, as_list, as_str, metadata, only
from .listing import page
from .payments import card_of
from .shapes_invoice import subscription_of
from .standin import standin

bp = Blueprint("stripe_billing", __name__, url_prefix="/v1")
guard(bp)

PAGING = ("limit", "starting_after", "ending_before", "created")
STATUSES = (
    "active",
    "past_due",
    "unpaid",
    "canceled",
    "incomplete",
    "incomplete_expired",
    "trialing",
    "paused",
    "all",
    "ended",
)


def _status_matches(wanted: str | None, status: str) -> bool:
    """Apply Stripe's subscription status filter; by default canceled ones are left out."""
    if wanted is None:
        return status != "canceled"
    if wanted == "all":
        return True
    if wanted == "ended":
        return status in ("canceled", "incomplete_expired")
    return status == wanted


@bp.get("/subscriptions")
@locked
def list_subscriptions():  # type: ignore[no-untyped-def]
    """List subscriptions by customer, price and status."""
    p = params()
    only(p, ("customer", "price", "status", *PAGING))
    customer, price, status = as_str(p, "customer"), as_str(p, "price"), as_str(p, "status")
    if status is not None and status not in STATUSES:
        raise invalid("status", f"Invalid status: must be one of {', '.join(STATUSES)}")
    found = [
        s
        for s in standin().store.all("subscription")
        if (customer is None or s["customer"] == customer)
        and _status_matches(status, s["status"])
        and (price is None or subscriptions.item(s)["price"]["id"] == price)
    ]
    return reply(page(standin().store, found, "/v1/subscriptions", p))


@bp.get("/subscriptions/<sub_id>")
@locked
def get_subscription(sub_id: str):  # type: ignore[no-untyped-def]
    """Retrieve a subscription."""
    only(params(), ())
    return reply(standin().store.get("subscription", sub_id))


def _cancellation_details(p: dict[str, Any], sub: dict[str, Any]) -> None:
    """Copy the customer's stated reason for leaving onto the subscription."""
    details = p.get("cancellation_details")
    if isinstance(details, dict):
        for key in ("comment", "feedback"):
            if key in details:
                sub["cancellation_details"][key] = as_str(details, key) or None


@bp.post("/subscriptions/<sub_id>")
@locked
def update_subscription(sub_id: str):  # type: ignore[no-untyped-def]
    """Schedule or withdraw cancellation at period end, or change metadata."""
    p = params()
    only(p, ("cancel_at_period_end", "metadata", "cancellation_details", "proration_behavior"))
    store = standin().store
    sub = store.get("subscription", sub_id)
    flag = as_bool(p, "cancel_at_period_end")
    if sub["status"] in ("canceled", "incomplete_expired") and flag is not None:
        raise invalid(
            "cancel_at_period_end", "A canceled subscription can only update its cancellation_details and metadata."
        )
    if flag is not None and flag != sub["cancel_at_period_end"]:
        subscriptions.cancel_at_period_end(store, sub, flag)
    before = store.snapshot(sub)
    sub["metadata"] = metadata(p, current=sub["metadata"])
    _cancellation_details(p, sub)
    store.emit_updated("customer.subscription.updated", before, sub)
    return reply(sub)


@bp.delete("/subscriptions/<sub_id>")
@locked
def cancel_subscription(sub_id: str):  # type: ignore[no-untyped-def]
    """Cancel a subscription at once."""
    p = params()
    only(p, ("invoice_now", "prorate", "cancellation_details"))
    store = standin().store
    sub = store.get("subscription", sub_id)
    if sub["status"] in ("canceled", "incomplete_expired"):
        raise StripeError(
            400, f"No such subscription: '{sub_id}'; it has already been canceled.", code="resource_missing", param="id"
        )
    _cancellation_details(p, sub)
    subscriptions.cancel_now(store, sub, "cancellation_requested")
    return reply(sub)


@bp.get("/invoices")
@locked
def list_invoices():  # type: ignore[no-untyped-def]
    """List invoices by customer, subscription and status."""
    p = params()
    only(p, ("customer", "subscription", "status", "collection_method", *PAGING))
    wanted = {name: as_str(p, name) for name in ("customer", "status")}
    sub_id = as_str(p, "subscription")
    found = [
        i
        for i in standin().store.all("invoice")
        if all(value is None or i[name] == value for name, value in wanted.items())
        and (sub_id is None or subscription_of(i) == sub_id)
    ]
    return reply(page(standin().store, found, "/v1/invoices", p))


@bp.get("/invoices/<invoice_id>")
@locked
def get_invoice(invoice_id: str):  # type: ignore[no-untyped-def]
    """Retrieve an invoice."""
    only(params(), ())
    return reply(standin().store.get("invoice", invoice_id))


@bp.post("/invoices/<invoice_id>/pay")
@locked
def pay_invoice(invoice_id: str):  # type: ignore[no-untyped-def]
    """Charge an open invoice to the customer's card now."""
    only(params(), ("off_session",))
    store = standin().store
    invoice = store.get("invoice", invoice_id)
    if invoice["status"] != "open":
        raise invalid("invoice", f"Invoice is already {invoice['status']}.", "invoice_not_open")
    sub = store.get("subscription", str(subscription_of(invoice)))
    outcome = subscriptions.settle(store, sub, invoice, off_session=bool(as_bool(params(), "off_session", False)))
    if outcome is Outcome.REQUIRES_ACTION:
        raise StripeError(
            402, "This payment requires authentication.", type_="card_error", code="authentication_required"
        )
    if outcome is not Outcome.SUCCEEDED:
        card = card_of(store, invoice["customer"])
        raise StripeError(
            402,
            card.message if card else "Your card was declined.",
            type_="card_error",
            code="card_declined",
            decline_code=card.decline_code if card else "generic_decline",
        )
    return reply(invoice)


@bp.get("/events")
@locked
def list_events():  # type: ignore[no-untyped-def]
    """List events, newest first, by type (wildcards allowed) or types[]."""
    p = params()
    only(p, ("type", "types", "delivery_success", *PAGING))
    patterns = as_list(p, "types") or ([as_str(p, "type")] if as_str(p, "type") else [])
    since = p.get("created", {}).get("gte") if isinstance(p.get("created"), dict) else None
    since_at = as_int({"gte": since}, "gte") if since is not None else None
    found = [
        e
        for e in standin().store.all("event")
        if (not patterns or any(fnmatch.fnmatchcase(e["type"], pat) for pat in patterns))
        and (since_at is None or e["created"] >= since_at)
    ]
    return reply(page(standin().store, found, "/v1/events", p))


@bp.get("/events/<event_id>")
@locked
def get_event(event_id: str):  # type: ignore[no-untyped-def]
    """Retrieve an event."""
    only(params(), ())
    return reply(standin().store.get("event", event_id))
