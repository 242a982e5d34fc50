"""A member's standing, read from the mirror: subscriptions, invoices and access now."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services.billing.access.rules import Access, SubscriptionFacts, access_for, best_access
from services.billing.bootstrap import BillingParts
from services.billing.tables import customers, invoices, subscriptions
from services.kit.db_types import utcnow


def facts(row: Any) -> SubscriptionFacts:
    """Read the access-relevant facts of a subscription row."""
    return SubscriptionFacts(
        row["status"],
        bool(row["cancel_at_period_end"]),
        row["current_period_start"],
        row["current_period_end"],
        row["created_at"],
    )


def subscription_rows(parts: BillingParts, stripe_customer_id: str) -> list[dict[str, Any]]:
    """Return a customer's mirrored subscriptions, newest first."""
    with parts.container.db.transaction() as session:
        rows = (
            session.execute(
                select(subscriptions)
                .where(subscriptions.c.stripe_customer_id == stripe_customer_id)
                .order_by(subscriptions.c.created_at.desc())
            )
            .mappings()
            .all()
        )
    return [dict(row) for row in rows]


def access_of_customer(parts: BillingParts, stripe_customer_id: str) -> Access:
    """Return what the customer's subscriptions grant now."""
    rows = subscription_rows(parts, stripe_customer_id)
    return best_access((facts(r) for r in rows), utcnow(), parts.settings.grace_days)


def access_of_subscription(parts: BillingParts, row: dict[str, Any]) -> Access:
    """Return what one subscription grants now."""
    return access_for(facts(row), utcnow(), parts.settings.grace_days)


def customer_row(parts: BillingParts, customer_id: str) -> dict[str, Any] | None:
    """Find a customer by Stripe id or by our reference."""
    with parts.container.db.transaction() as session:
        row = (
            session.execute(
                select(customers).where(
                    (customers.c.stripe_customer_id == customer_id) | (customers.c.ref == customer_id)
                )
            )
            .mappings()
            .first()
        )
    return dict(row) if row else None


def invoice_rows(parts: BillingParts, stripe_customer_id: str) -> list[dict[str, Any]]:
    """Return a customer's mirrored invoices, newest first."""
    with parts.container.db.transaction() as session:
        rows = (
            session.execute(
                select(invoices)
                .where(invoices.c.stripe_customer_id == stripe_customer_id)
                .order_by(invoices.c.created_at.desc())
            )
            .mappings()
            .all()
        )
    return [dict(row) for row in rows]
