"""What staff see of a member and what they may change, on top of the mirror and the payment port."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from services.billing.access.rules import Access, best_access
from services.billing.bootstrap import BillingParts
from services.billing.leads_feed.handlers import email_key
from services.billing.members.lookup import (
    access_of_customer,
    access_of_subscription,
    customer_row,
    facts,
    invoice_rows,
    subscription_rows,
)
from services.billing.payments.port import SubscriptionState
from services.billing.tables import customers, subscriptions
from services.kit.audit import record
from services.kit.db_types import utcnow


def _access(access: Any) -> dict[str, Any]:
    """Render an Access value."""
    return {"active": access.active, "state": access.state, "until": access.until}


def member_view(parts: BillingParts, customer: dict[str, Any]) -> dict[str, Any]:
    """Build the staff view of one customer."""
    stripe_id = customer["stripe_customer_id"]
    subs = subscription_rows(parts, stripe_id) if stripe_id else []
    return {
        "customer_id": stripe_id or customer["ref"],
        "email": customer["email"],
        "lead_id": customer["lead_id"],
        "access": _access(access_of_customer(parts, stripe_id)) if stripe_id else _access_none(),
        "subscriptions": [{**row, "access": _access(access_of_subscription(parts, row))} for row in subs],
        "invoices": invoice_rows(parts, stripe_id) if stripe_id else [],
    }


def _access_none() -> dict[str, Any]:
    """The access of a customer who never subscribed."""
    return {"active": False, "state": "none", "until": None}


def list_members(
    parts: BillingParts,
    *,
    email: str | None = None,
    lead_id: str | None = None,
    states: tuple[str, ...] | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Members newest first, narrowed by email, lead (through their subscriptions too) and access state, a page."""
    query = select(customers)
    if email:
        query = query.where(customers.c.email_key == email_key(email))
    if lead_id:
        owned = select(subscriptions.c.stripe_customer_id).where(subscriptions.c.lead_id == lead_id)
        query = query.where((customers.c.lead_id == lead_id) | customers.c.stripe_customer_id.in_(owned))
    query = query.order_by(customers.c.created_at.desc(), customers.c.ref.desc())
    if states is None:
        with parts.container.db.transaction() as session:
            rows = [dict(row) for row in session.execute(query.limit(limit).offset(offset)).mappings()]
    else:
        # Access depends on the time and on every subscription, so it is judged here before the page is cut.
        rows = [row for row, access in _with_access(parts, query) if access.state in states][offset : offset + limit]
    return [member_view(parts, row) for row in rows]


def find_members(parts: BillingParts, email: str | None, lead_id: str | None) -> list[dict[str, Any]]:
    """Find customers by email or lead (through their subscriptions too), the newest 50."""
    return list_members(parts, email=email, lead_id=lead_id)


def _with_access(parts: BillingParts, query: Select[Any]) -> list[tuple[dict[str, Any], Access]]:
    """The customers `query` selects, in its order, each with its access now, from one read of the mirror."""
    now = utcnow()
    with parts.container.db.transaction() as session:
        people = [dict(row) for row in session.execute(query).mappings()]
        rows = session.execute(select(subscriptions)).mappings().all()
    by_customer: dict[str, list[Any]] = {}
    for row in rows:
        by_customer.setdefault(row["stripe_customer_id"], []).append(facts(row))
    return [
        (person, best_access(by_customer.get(person["stripe_customer_id"], []), now, parts.settings.grace_days))
        for person in people
    ]


def get_member(parts: BillingParts, customer_id: str) -> dict[str, Any] | None:
    """Return one member's view, or None."""
    row = customer_row(parts, customer_id)
    return member_view(parts, row) if row else None


def current_subscription(parts: BillingParts, customer_id: str) -> dict[str, Any] | None:
    """Return the member's subscription that has not ended, newest first."""
    row = customer_row(parts, customer_id)
    if row is None or not row["stripe_customer_id"]:
        return None
    live = [
        s
        for s in subscription_rows(parts, row["stripe_customer_id"])
        if s["status"] not in ("canceled", "incomplete_expired")
    ]
    return live[0] if live else None


def change_subscription(parts: BillingParts, subscription_id: str, action: str, reason: str) -> SubscriptionState:
    """Apply a staff action at Stripe, then refresh the mirror and record it in the audit log."""
    gateway = parts.gateway
    if action == "cancel_at_period_end":
        gateway.set_cancel_at_period_end(subscription_id, True)
    elif action == "resume":
        gateway.set_cancel_at_period_end(subscription_id, False)
    elif action == "cancel_now":
        gateway.cancel_now(subscription_id)
    else:
        raise ValueError(action)
    state = parts.sync.refresh_subscription(subscription_id)
    with parts.container.db.transaction() as session:
        record(session, parts.container.infra.audit, f"billing.{action}", "subscription", subscription_id, reason)
    return state


def members_in_state(parts: BillingParts, states: tuple[str, ...], limit: int = 200) -> list[dict[str, Any]]:
    """List members whose access now is one of `states`, newest first, from one read of the mirror."""
    query = select(customers).where(customers.c.stripe_customer_id.is_not(None)).order_by(customers.c.created_at.desc())
    found = [
        {"customer_id": person["stripe_customer_id"], "email": person["email"], "access": _access(access)}
        for person, access in _with_access(parts, query)
        if access.state in states
    ]
    return found[:limit]
