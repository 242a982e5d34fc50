"""Keep each SendGrid event once (keyed on sg_event_id), with the address reduced to its hash."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.newsletter.tables import sendgrid_events
from services.newsletter.webhooks.translate import MailEvent


def store_events(session: Session, hasher: Callable[[str], str], events: list[MailEvent], postgres: bool) -> int:
    """Insert events not seen before; return how many were new."""
    unique = {e.event_id: e for e in events}
    if not unique:
        return 0
    seen = set(
        session.execute(
            select(sendgrid_events.c.sg_event_id).where(sendgrid_events.c.sg_event_id.in_(list(unique)))
        ).scalars()
    )
    now = utcnow()
    rows = [
        {
            "sg_event_id": e.event_id,
            "event": e.kind,
            "email_hash": hasher(e.email) if e.email else None,
            "campaign_id": e.campaign_id,
            "recipient_id": e.recipient_id,
            "bounce_type": e.bounce_type,
            "machine_open": e.machine_open,
            "occurred_at": e.occurred_at,
            "received_at": now,
            "processed": False,
        }
        for e in unique.values()
        if e.event_id not in seen
    ]
    if rows:
        # A concurrent delivery of the same batch may insert first; the conflict clause absorbs it.
        dialect_insert = postgresql.insert if postgres else sqlite.insert
        session.execute(dialect_insert(sendgrid_events).on_conflict_do_nothing(index_elements=["sg_event_id"]), rows)
    return len(rows)
