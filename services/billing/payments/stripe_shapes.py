"""Translate Stripe objects (as dicts) into the payment port's own types, at the boundary."""

from __future__ import annotations

from typing import Any

from services.billing.payments.port import (
    ChargeState,
    CheckoutSession,
    InvoiceState,
    PromotionCodeState,
    RefundState,
    SubscriptionState,
)


def _id(value: Any) -> str | None:
    """Return the id of a field that may be an id string or an expanded object."""
    if isinstance(value, dict):
        return value.get("id")
    return value if isinstance(value, str) else None


def id_of(value: Any) -> str | None:
    """Return the id of a field that may be an id string or an expanded object."""
    return _id(value)


def checkout_session(data: dict[str, Any]) -> CheckoutSession:
    """Read a Checkout Session."""
    metadata = data.get("metadata") or {}
    return CheckoutSession(
        id=data["id"],
        url=data.get("url"),
        status=data.get("status") or "open",
        payment_status=data.get("payment_status") or "unpaid",
        customer_id=_id(data.get("customer")),
        subscription_id=_id(data.get("subscription")),
        lead_id=data.get("client_reference_id") or metadata.get("lead_id"),
        expires_at=data.get("expires_at"),
    )


def subscription(data: dict[str, Any]) -> SubscriptionState:
    """Read a subscription; since API 2025-03-31 its period lives on the item."""
    items = (data.get("items") or {}).get("data") or []
    item = items[0] if items else {}
    price = item.get("price") or {}
    quantity = int(item.get("quantity") or 1)
    metadata = dict(data.get("metadata") or {})
    return SubscriptionState(
        id=data["id"],
        customer_id=_id(data.get("customer")) or "",
        status=data["status"],
        cancel_at_period_end=bool(data.get("cancel_at_period_end")),
        cancel_at=data.get("cancel_at"),
        canceled_at=data.get("canceled_at"),
        ended_at=data.get("ended_at"),
        current_period_start=item.get("current_period_start"),
        current_period_end=item.get("current_period_end"),
        price_id=price.get("id"),
        amount_cents=int(price.get("unit_amount") or 0) * quantity,
        currency=price.get("currency") or data.get("currency") or "usd",
        lead_id=metadata.get("lead_id"),
        latest_invoice_id=_id(data.get("latest_invoice")),
        created=int(data.get("created") or 0),
        metadata=metadata,
    )


def _invoice_subscription(data: dict[str, Any]) -> str | None:
    """Find an invoice's subscription: under `parent` since API 2025-03-31, top level before."""
    details = (data.get("parent") or {}).get("subscription_details") or {}
    return _id(details.get("subscription")) or _id(data.get("subscription"))


def invoice(data: dict[str, Any]) -> InvoiceState:
    """Read an invoice."""
    transitions = data.get("status_transitions") or {}
    return InvoiceState(
        id=data["id"],
        customer_id=_id(data.get("customer")) or "",
        subscription_id=_invoice_subscription(data),
        status=data.get("status") or "draft",
        amount_due=int(data.get("amount_due") or 0),
        amount_paid=int(data.get("amount_paid") or 0),
        currency=data.get("currency") or "usd",
        number=data.get("number"),
        hosted_invoice_url=data.get("hosted_invoice_url"),
        invoice_pdf=data.get("invoice_pdf"),
        attempt_count=int(data.get("attempt_count") or 0),
        next_payment_attempt=data.get("next_payment_attempt"),
        billing_reason=data.get("billing_reason"),
        created=int(data.get("created") or 0),
        paid_at=transitions.get("paid_at"),
        amount_discount=sum(int(d.get("amount") or 0) for d in data.get("total_discount_amounts") or []),
    )


def refund(data: dict[str, Any]) -> RefundState:
    """Read a refund."""
    return RefundState(
        id=data["id"],
        charge_id=_id(data.get("charge")) or "",
        payment_intent_id=_id(data.get("payment_intent")),
        amount=int(data.get("amount") or 0),
        currency=data.get("currency") or "usd",
        status=data.get("status") or "pending",
        reason=data.get("reason"),
        created=int(data.get("created") or 0),
    )


def charge(data: dict[str, Any], invoice_id: str | None) -> ChargeState:
    """Read a charge whose `refunds` list was expanded; the invoice comes from its InvoicePayment."""
    listed = (data.get("refunds") or {}).get("data") or []
    return ChargeState(
        id=data["id"],
        payment_intent_id=_id(data.get("payment_intent")),
        customer_id=_id(data.get("customer")),
        amount=int(data.get("amount") or 0),
        amount_refunded=int(data.get("amount_refunded") or 0),
        currency=data.get("currency") or "usd",
        invoice_id=invoice_id,
        refunds=tuple(refund(r) for r in listed if isinstance(r, dict)),
    )


def promotion_code(data: dict[str, Any], coupons: dict[str, dict[str, Any]]) -> PromotionCodeState:
    """Read a promotion code; its coupon sits under `promotion` in the pinned API, by id or expanded."""
    raw = (data.get("promotion") or {}).get("coupon")
    coupon = raw if isinstance(raw, dict) else coupons.get(str(raw), {})
    percent = coupon.get("percent_off")
    return PromotionCodeState(
        id=data["id"],
        code=str(data.get("code") or ""),
        active=bool(data.get("active")),
        times_redeemed=int(data.get("times_redeemed") or 0),
        max_redemptions=data.get("max_redemptions"),
        expires_at=data.get("expires_at"),
        percent_off=float(percent) if percent is not None else None,
        amount_off=coupon.get("amount_off"),
        currency=coupon.get("currency"),
        duration=str(coupon.get("duration") or "once"),
        duration_in_months=coupon.get("duration_in_months"),
        created=int(data.get("created") or 0),
    )
