"""What a subscriber can do to their own record: topics, pause, unsubscribe, export, erase."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.newsletter.context import Newsletter
from services.newsletter.signup import store
from services.newsletter.signup.store import Consent
from services.newsletter.tables import campaign_recipients, campaigns, subscribers


def update_preferences(session: Session, subscriber_id: int, topics: list[str], paused: bool) -> bool:
    """Replace topics and set the pause; False when the subscriber no longer exists."""
    row = store.get(session, subscriber_id, lock=True)
    if row is None:
        return False
    store.set_topics(session, subscriber_id, topics)
    store.change(session, subscriber_id, paused=paused)
    return True


def unsubscribe(session: Session, subscriber_id: int, consent: Consent) -> bool:
    """Stop all mail to the subscriber at once; False when there is no such subscriber."""
    row = store.get(session, subscriber_id, lock=True)
    if row is None:
        return False
    if row.status != "unsubscribed":
        store.change(session, subscriber_id, status="unsubscribed", unsubscribed_at=utcnow(), confirm_nonce=None)
        store.record_consent(session, subscriber_id, "withdrawn", consent)
    store.suppress(session, row.email_hash, "unsubscribe")
    return True


def export_record(session: Session, subscriber_id: int) -> dict[str, Any] | None:
    """Return everything we hold about the subscriber, as a JSON-ready dict."""
    row = store.get(session, subscriber_id)
    if row is None:
        return None
    received = session.execute(
        select(campaigns.c.subject, campaigns.c.started_at, campaign_recipients.c.state)
        .join(campaigns, campaigns.c.id == campaign_recipients.c.campaign_id)
        .where(campaign_recipients.c.subscriber_id == subscriber_id)
        .order_by(campaign_recipients.c.id)
    ).all()
    return {
        "email": row.email,
        "first_name": row.first_name,
        "status": row.status,
        "paused": row.paused,
        "topics": store.topics_of(session, subscriber_id),
        "source": row.source,
        "created_at": row.created_at.isoformat(),
        "confirmed_at": row.confirmed_at.isoformat() if row.confirmed_at else None,
        "unsubscribed_at": row.unsubscribed_at.isoformat() if row.unsubscribed_at else None,
        "consents": [
            {
                k: (v.isoformat() if hasattr(v, "isoformat") else v)
                for k, v in c.items()
                if k not in ("id", "subscriber_id")
            }
            for c in store.consent_history(session, subscriber_id)
        ],
        "campaigns": [
            {"subject": r.subject, "sent_at": r.started_at.isoformat() if r.started_at else None, "state": r.state}
            for r in received
        ],
    }


def erase(session: Session, nl: Newsletter, subscriber_id: int) -> bool:
    """Delete the subscriber, their topics and consent records, and blank their address in send records."""
    row = store.get(session, subscriber_id, lock=True)
    if row is None:
        return False
    session.execute(
        update(campaign_recipients)
        .where(campaign_recipients.c.subscriber_id == subscriber_id)
        .values(email="", email_hash="erased")
        .execution_options(synchronize_session=False)
    )
    # Any sign-up email still queued finds no subscriber and is dropped by the worker.
    session.execute(delete(subscribers).where(subscribers.c.id == subscriber_id))
    return True
