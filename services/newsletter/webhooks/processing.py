"""Act on stored SendGrid events in the worker: suppress addresses that must not be mailed again."""

from __future__ import annotations

import logging

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.newsletter.context import Newsletter
from services.newsletter.signup import store
from services.newsletter.signup.store import Consent
from services.newsletter.tables import sendgrid_events as ev
from services.newsletter.tables import subscribers

log = logging.getLogger(__name__)
# Events that stop mail to an address; a "blocked" bounce is temporary and does not.
SUPPRESSING = frozenset({"bounce", "dropped", "spamreport", "unsubscribe", "group_unsubscribe"})
# Events that also end the subscription itself (the person asked to stop).
WITHDRAWING = frozenset({"spamreport", "unsubscribe", "group_unsubscribe"})


def process_events(nl: Newsletter, limit: int = 1000) -> int:
    """Apply up to `limit` unprocessed events; return how many were handled."""
    with nl.db.transaction() as session:
        rows = session.execute(
            select(ev.c.sg_event_id, ev.c.event, ev.c.email_hash, ev.c.bounce_type)
            .where(ev.c.processed.is_(False))
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        for row in rows:
            _apply(session, nl, row.event, row.email_hash, row.bounce_type)
        if rows:
            session.execute(
                update(ev).where(ev.c.sg_event_id.in_([r.sg_event_id for r in rows])).values(processed=True)
            )
    return len(rows)


def _apply(session: Session, nl: Newsletter, kind: str, email_hash: str | None, bounce_type: str | None) -> None:
    """Suppress (and for opt-outs, unsubscribe) the address an event names."""
    if kind not in SUPPRESSING or not email_hash:
        return
    if kind == "bounce" and bounce_type not in (None, "bounce"):
        return
    store.suppress(session, email_hash, kind)
    if kind not in WITHDRAWING:
        return
    row = session.execute(
        select(subscribers.c.id, subscribers.c.status).where(subscribers.c.email_hash == email_hash).with_for_update()
    ).first()
    if row is not None and row.status != "unsubscribed":
        now = utcnow()
        store.change(session, row.id, status="unsubscribed", unsubscribed_at=now, confirm_nonce=None)
        store.record_consent(
            session,
            row.id,
            "withdrawn",
            Consent(
                at=now,
                ip=None,
                user_agent=None,
                text_version=nl.settings.consent_text_version,
                source=f"sendgrid-{kind}",
            ),
        )
