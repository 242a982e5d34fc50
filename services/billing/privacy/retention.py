"""Billing's retention rules (docs/retention.md): spent sign-in links, processed Stripe events, delivered outbox.

The mirror of subscriptions and invoices is the clinic's accounting record and is kept; an erasure blanks its
contact fields instead.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete

from services.billing.bootstrap import BillingParts
from services.billing.privacy.requests import ANSWER_KEYS
from services.billing.tables import signin_links, stripe_events
from services.kit.db_types import utcnow
from services.kit.outbox_retention import purge_delivered


def _count(result: Any) -> int:
    return int(cast(CursorResult[Any], result).rowcount or 0)


def retention_pass(parts: BillingParts, now: datetime | None = None) -> dict[str, int]:
    """Every billing retention rule once; return what each removed."""
    now = now or utcnow()
    settings = parts.settings
    with parts.container.db.transaction() as session:
        links = session.execute(
            delete(signin_links).where(signin_links.c.expires_at < now - timedelta(days=settings.signin_link_keep_days))
        )
        # A stored event's payload is Stripe's whole object, with the customer's email: kept only while useful.
        events = session.execute(
            delete(stripe_events).where(
                stripe_events.c.status.in_(("processed", "ignored")),
                stripe_events.c.received_at < now - timedelta(days=settings.stripe_event_keep_days),
            )
        )
    return {
        "signin_links": _count(links),
        "stripe_events": _count(events),
        "outbox_rows": purge_delivered(
            parts.container.db, parts.container.infra.outbox, settings.outbox_keep_days, now, at_once=ANSWER_KEYS
        ),
    }


class RetentionTask:
    """The worker's periodic retention run."""

    def __init__(self, parts: BillingParts):
        self.parts = parts

    def __call__(self) -> None:
        """Run retention now."""
        retention_pass(self.parts)


if __name__ == "__main__":
    from services.billing.bootstrap import build_container, parts_of

    print(retention_pass(parts_of(build_container())))
