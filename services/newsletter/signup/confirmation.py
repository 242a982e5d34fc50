"""Confirm a subscription from its signed link: once, then welcome."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.newsletter.context import Newsletter
from services.newsletter.signup import store
from services.newsletter.signup.mail_jobs import queue_subscriber_mail
from services.newsletter.signup.store import Consent
from services.newsletter.subscriber_domain.tokens import LinkPayload


def confirm(session: Session, nl: Newsletter, link: LinkPayload, consent: Consent) -> str:
    """Confirm the subscriber the link names; return confirmed, already or stale."""
    row = store.get(session, int(link.subscriber_id), lock=True)
    if row is None:
        return "stale"
    if row.status == "confirmed":
        return "already"
    # The nonce makes the link single-use: a later sign-up or an unsubscribe issues a new one.
    if row.status != "pending" or not row.confirm_nonce or link.extra.get("n") != row.confirm_nonce:
        return "stale"
    store.change(session, row.id, status="confirmed", confirmed_at=utcnow(), confirm_nonce=None)
    store.record_consent(session, row.id, "confirmed", consent)
    store.lift_withdrawal(session, row.email_hash)
    queue_subscriber_mail(session, nl.outbox, row.id, "welcome")
    return "confirmed"
