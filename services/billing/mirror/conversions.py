"""Conversion events to leads, so the funnel shows revenue by source; each is sent once per subscription."""

from __future__ import annotations

import uuid

from sqlalchemy import Table
from sqlalchemy.orm import Session

from services.billing.mirror.records import at
from services.billing.payments.port import SubscriptionState
from services.contracts.events import SubscriptionActivated, SubscriptionCanceled
from services.kit.events import publish

# A subscription that is or was paying: an unpaid first invoice ends as incomplete_expired, never canceled.
ACTIVATED = ("active", "trialing", "past_due", "canceled")
NAMESPACE = uuid.UUID("6f1c2a52-3c64-4d0e-9f0a-1a9b6f3e2c10")


def event_id(kind: str, subscription_id: str) -> str:
    """Derive the event id from the subscription, so repeats of the same fact dedupe."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{subscription_id}"))


def announce(session: Session, outbox: Table, sub: SubscriptionState, lead_id: str | None) -> None:
    """Tell leads a subscription started or ended, in the caller's transaction."""
    if not lead_id or sub.status not in ACTIVATED:
        return
    started = at(sub.created)
    publish(
        session,
        outbox,
        SubscriptionActivated(
            lead_id=lead_id,
            subscription_id=sub.id,
            amount_cents=sub.amount_cents,
            currency=sub.currency,
            activated_at=started.isoformat() if started else None,
        ),
        event_id=event_id(SubscriptionActivated.TYPE, sub.id),
    )
    if sub.status == "canceled":
        ended = at(sub.ended_at or sub.canceled_at)
        publish(
            session,
            outbox,
            SubscriptionCanceled(
                lead_id=lead_id, subscription_id=sub.id, canceled_at=ended.isoformat() if ended else None
            ),
            event_id=event_id(SubscriptionCanceled.TYPE, sub.id),
        )
