"""Rows of the local mirror, written from the provider's current state (never from event payloads)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from services.billing.payments.port import InvoiceState, SubscriptionState
from services.billing.tables import customers, invoices, subscriptions
from services.kit.db_types import utcnow


def at(timestamp: int | None) -> datetime | None:
    """Turn a Unix time from the provider into an aware datetime."""
    return None if timestamp is None else datetime.fromtimestamp(timestamp, UTC)


def _upsert(session: Session, table: Table, key: str, values: dict[str, Any]) -> None:
    """Update the row with this primary key, or insert it; the caller holds the object's lock."""
    found = session.execute(select(table.c.id).where(table.c.id == key)).first()
    if found:
        session.execute(update(table).where(table.c.id == key).values(**values))
    else:
        session.execute(table.insert().values(id=key, **values))


def lead_of(session: Session, sub: SubscriptionState) -> str | None:
    """Find whose subscription it is: its own metadata first, else the customer we created."""
    if sub.lead_id:
        return sub.lead_id
    return session.execute(
        select(customers.c.lead_id).where(customers.c.stripe_customer_id == sub.customer_id)
    ).scalar()


def subscription_values(sub: SubscriptionState, lead_id: str | None) -> dict[str, Any]:
    """Map a subscription to its mirror row."""
    return {
        "stripe_customer_id": sub.customer_id,
        "lead_id": lead_id,
        "status": sub.status,
        "cancel_at_period_end": sub.cancel_at_period_end,
        "cancel_at": at(sub.cancel_at),
        "canceled_at": at(sub.canceled_at),
        "ended_at": at(sub.ended_at),
        "current_period_start": at(sub.current_period_start),
        "current_period_end": at(sub.current_period_end),
        "price_id": sub.price_id,
        "amount_cents": sub.amount_cents,
        "currency": sub.currency,
        "latest_invoice_id": sub.latest_invoice_id,
        "created_at": at(sub.created),
    }


def write_subscription(session: Session, sub: SubscriptionState, lead_id: str | None) -> None:
    """Upsert a subscription row."""
    _upsert(session, subscriptions, sub.id, {**subscription_values(sub, lead_id), "synced_at": utcnow()})


def invoice_values(inv: InvoiceState) -> dict[str, Any]:
    """Map an invoice to its mirror row."""
    return {
        "stripe_customer_id": inv.customer_id,
        "subscription_id": inv.subscription_id,
        "status": inv.status,
        "amount_due": inv.amount_due,
        "amount_paid": inv.amount_paid,
        "amount_discount": inv.amount_discount,
        "currency": inv.currency,
        "number": inv.number,
        "hosted_invoice_url": inv.hosted_invoice_url,
        "invoice_pdf": inv.invoice_pdf,
        "attempt_count": inv.attempt_count,
        "billing_reason": inv.billing_reason,
        "created_at": at(inv.created),
        "paid_at": at(inv.paid_at),
    }


def write_invoice(session: Session, inv: InvoiceState) -> None:
    """Upsert an invoice row."""
    _upsert(session, invoices, inv.id, {**invoice_values(inv), "synced_at": utcnow()})
