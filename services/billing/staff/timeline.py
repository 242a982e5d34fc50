"""A member's history for staff: Stripe events about their objects and staff actions, newest first."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, or_, select

from services.billing.bootstrap import BillingParts
from services.billing.staff.words import ACTION_WORDS, DECLINE_WORDS, EVENT_WORDS, money, words
from services.billing.tables import checkout_sessions, invoices, refunds, stripe_events, subscriptions

LIMIT = 200


def _object_ids(parts: BillingParts, customer_id: str) -> tuple[list[str], list[str]]:
    """Return every id Stripe events about this member may name, and their subscription ids."""
    with parts.container.db.transaction() as session:
        subs = list(
            session.execute(
                select(subscriptions.c.id).where(subscriptions.c.stripe_customer_id == customer_id)
            ).scalars()
        )
        invoice_ids = list(
            session.execute(select(invoices.c.id).where(invoices.c.stripe_customer_id == customer_id)).scalars()
        )
        sessions = list(
            session.execute(
                select(checkout_sessions.c.id).where(checkout_sessions.c.stripe_customer_id == customer_id)
            ).scalars()
        )
        refunded = session.execute(
            select(refunds.c.id, refunds.c.charge_id).where(refunds.c.invoice_id.in_(invoice_ids))
        ).all()
    charges = [row.charge_id for row in refunded] + [row.id for row in refunded]
    return [customer_id, *subs, *invoice_ids, *sessions, *charges], subs


def _event_object(payload: str) -> dict[str, Any]:
    """Read the Stripe object an event carried, or nothing if the body is not what Stripe sends."""
    try:
        body = json.loads(payload)
        obj = body["data"]["object"]
    except (ValueError, KeyError, TypeError):
        return {}
    return obj if isinstance(obj, dict) else {}


def _detail(event_type: str, obj: dict[str, Any]) -> str:
    """Say what an event's amounts were, in words, where there is an amount."""
    currency = obj.get("currency") or "usd"
    if event_type.startswith("invoice.") and isinstance(obj.get("amount_due"), int):
        number = f"invoice {obj['number']}, " if obj.get("number") else ""
        if event_type == "invoice.payment_failed":
            return f"{number}{money(obj['amount_due'], currency)} due, attempt {obj.get('attempt_count') or 1}"
        return f"{number}{money(obj.get('amount_paid') or obj['amount_due'], currency)}"
    if event_type.startswith(("refund.", "charge.refund")) and isinstance(obj.get("amount"), int):
        return money(obj["amount"], currency)
    if event_type.startswith("customer.subscription.") and obj.get("cancel_at_period_end"):
        return "set to end at the close of the paid period"
    return ""


def _events(parts: BillingParts, ids: list[str]) -> list[dict[str, Any]]:
    """Return the stored Stripe events about these objects."""
    t = stripe_events
    with parts.container.db.transaction() as session:
        rows = session.execute(
            select(t.c.type, t.c.created, t.c.payload)
            .where(t.c.object_id.in_(ids))
            .order_by(t.c.created.desc(), t.c.received_at.desc())
        ).all()
    entries = []
    for row in rows[:LIMIT]:
        obj = _event_object(row.payload)
        entries.append(
            {
                "at": datetime.fromtimestamp(row.created, UTC),
                "what": words(EVENT_WORDS, row.type),
                "detail": _detail(row.type, obj),
                "type": row.type,
                "object": obj,
                "by": "Stripe",
            }
        )
    return entries


def _actions(parts: BillingParts, customer_id: str, subs: list[str]) -> list[dict[str, Any]]:
    """Return the staff actions recorded against this member or their subscriptions."""
    audit = parts.container.infra.audit
    with parts.container.db.transaction() as session:
        rows = session.execute(
            select(audit.c.at, audit.c.actor, audit.c.action, audit.c.reason)
            .where(
                audit.c.action.in_(list(ACTION_WORDS)),
                or_(
                    and_(audit.c.target_type == "member", audit.c.target_id == customer_id),
                    and_(audit.c.target_type == "subscription", audit.c.target_id.in_(subs)),
                ),
            )
            .order_by(audit.c.at.desc())
            .limit(LIMIT)
        ).all()
    return [
        {
            "at": row.at,
            "what": ACTION_WORDS[row.action],
            "detail": row.reason or "",
            "type": row.action,
            "by": row.actor,
        }
        for row in rows
    ]


def member_history(parts: BillingParts, customer_id: str) -> dict[str, list[dict[str, Any]]]:
    """Return the member's timeline (events and staff actions) and their payment failures, newest first."""
    ids, subs = _object_ids(parts, customer_id)
    events = _events(parts, ids)
    with parts.container.db.transaction() as session:
        rows = session.execute(
            select(invoices.c.id, invoices.c.last_decline_code).where(invoices.c.stripe_customer_id == customer_id)
        ).all()
    declines: dict[str, str | None] = {row.id: row.last_decline_code for row in rows}
    failures = [
        {
            "at": e["at"],
            "invoice": e["object"].get("id"),
            "number": e["object"].get("number"),
            "amount": money(e["object"].get("amount_due"), e["object"].get("currency")),
            "attempt": e["object"].get("attempt_count") or 1,
            "next_attempt": (
                datetime.fromtimestamp(e["object"]["next_payment_attempt"], UTC)
                if isinstance(e["object"].get("next_payment_attempt"), int)
                else None
            ),
        }
        for e in events
        if e["type"] == "invoice.payment_failed"
    ]
    told: set[str] = set()
    for failure in failures:  # newest first: the stored reason belongs to each invoice's latest failure
        code = declines.get(failure["invoice"]) if failure["invoice"] not in told else None
        failure["reason"] = words(DECLINE_WORDS, code) if code else "—"
        told.add(failure["invoice"])
    timeline = sorted(
        [*events, *_actions(parts, customer_id, subs)],
        key=lambda e: e["at"] if e["at"].tzinfo else e["at"].replace(tzinfo=UTC),
        reverse=True,
    )
    return {"timeline": timeline[:LIMIT], "failures": failures}
