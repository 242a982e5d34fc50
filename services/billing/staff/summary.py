"""The billing figures on the staff home: members, monthly recurring revenue, past due, failed webhooks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from services.billing.bootstrap import BillingParts
from services.billing.tables import stripe_events, subscriptions
from services.kit.staff_summary import dead_letters

PAYING = ("active", "trialing")
PAST_DUE = ("past_due", "unpaid")


def summary(parts: BillingParts) -> dict[str, Any]:
    """Count from the subscription mirror and the stored Stripe events."""
    subs = subscriptions.c
    with parts.container.db.transaction() as session:
        active = session.scalar(
            select(func.count(func.distinct(subs.stripe_customer_id))).where(subs.status.in_(PAYING))
        )
        # Monthly plans only, so each paying subscription's amount is its monthly revenue.
        mrr = session.scalar(select(func.coalesce(func.sum(subs.amount_cents), 0)).where(subs.status.in_(PAYING)))
        past_due = session.scalar(
            select(func.count(func.distinct(subs.stripe_customer_id))).where(subs.status.in_(PAST_DUE))
        )
        failed = session.scalar(
            select(func.count()).select_from(stripe_events).where(stripe_events.c.status == "failed")
        )
    return {
        "active_members": int(active or 0),
        "monthly_recurring_revenue_cents": int(mrr or 0),
        "past_due_members": int(past_due or 0),
        "failed_webhooks": int(failed or 0),
        "dead_letters": dead_letters(parts.container),
    }
