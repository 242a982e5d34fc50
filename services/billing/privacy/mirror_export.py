"""Billing's part of a person's export: what its mirror holds about their address."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.billing.tables import cleared_leads, customers, invoices, subscriptions


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def mirror_export(session: Session, email_key: str) -> dict[str, Any]:
    """The customer record, membership periods and invoices kept for this address."""
    customer = session.execute(select(customers).where(customers.c.email_key == email_key)).first()
    cleared = session.execute(select(cleared_leads).where(cleared_leads.c.email_key == email_key)).all()
    data: dict[str, Any] = {
        "cleared_for_membership": [
            {
                "email": c.email,
                "first_name": c.first_name,
                "last_name": c.last_name,
                "state": c.state,
                "cleared_at": _iso(c.cleared_at),
                "withdrawn_at": _iso(c.revoked_at),
            }
            for c in cleared
        ],
        "customer": None,
        "memberships": [],
        "invoices": [],
    }
    if customer is None:
        return data
    data["customer"] = {"email": customer.email, "since": _iso(customer.created_at)}
    stripe_id = customer.stripe_customer_id
    if stripe_id is None:
        return data
    data["memberships"] = [
        {
            "status": s.status,
            "started_at": _iso(s.created_at),
            "current_period_end": _iso(s.current_period_end),
            "ends_at_period_end": s.cancel_at_period_end,
            "canceled_at": _iso(s.canceled_at),
            "amount_cents": s.amount_cents,
            "currency": s.currency,
        }
        for s in session.execute(select(subscriptions).where(subscriptions.c.stripe_customer_id == stripe_id))
    ]
    data["invoices"] = [
        {
            "number": i.number,
            "status": i.status,
            "amount_paid_cents": i.amount_paid,
            "amount_refunded_cents": i.amount_refunded,
            "currency": i.currency,
            "issued_at": _iso(i.created_at),
            "paid_at": _iso(i.paid_at),
        }
        for i in session.execute(
            select(invoices).where(invoices.c.stripe_customer_id == stripe_id).order_by(invoices.c.created_at)
        )
    ]
    return data
