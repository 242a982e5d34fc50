"""Ask for a subscription: the same outcome to the caller whatever the address's history."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.newsletter.context import Newsletter
from services.newsletter.signup import store
from services.newsletter.signup.mail_jobs import queue_subscriber_mail
from services.newsletter.signup.store import BLOCKING_SUPPRESSIONS, Consent


@dataclass(frozen=True)
class SignupRequest:
    """A validated sign-up: normalised address, chosen topics, consent evidence."""

    email: str
    topics: tuple[str, ...]
    first_name: str | None
    consent: Consent


def request_subscription(session: Session, nl: Newsletter, req: SignupRequest) -> str:
    """Record the request and queue the right email; return what happened (for logs and tests only).

    Outcomes are never shown to the caller, so nobody can learn whether an address is known.
    """
    email_hash = nl.hasher(req.email)
    if store.is_held(session, email_hash):
        # Logged like a suppression: a log line must never hint that someone is under a safety hold.
        return "not_mailed"
    row = store.find_by_hash(session, email_hash, lock=True)
    if row is None:
        if store.suppression_of(session, email_hash) in BLOCKING_SUPPRESSIONS:
            return "not_mailed"
        subscriber_id = _create(session, nl, req, email_hash)
        if subscriber_id is None:
            return "raced"
        return queue_limited(session, nl, subscriber_id, None, "confirm")
    if row.status == "confirmed":
        # Topics are not changed here: anyone can type an address; the preferences link proves ownership.
        return queue_limited(session, nl, row.id, row, "already_subscribed")
    if row.status == "unsubscribed":
        store.change(session, row.id, status="pending", confirm_nonce=secrets.token_hex(8), unsubscribed_at=None)
    if req.topics:
        store.set_topics(session, row.id, req.topics)
    if req.first_name and not row.first_name:
        store.change(session, row.id, first_name=req.first_name)
    store.record_consent(session, row.id, "requested", req.consent)
    return queue_limited(session, nl, row.id, row, "confirm")


def _create(session: Session, nl: Newsletter, req: SignupRequest, email_hash: str) -> int | None:
    """Insert the pending subscriber; None when a concurrent request inserted it first."""
    try:
        with session.begin_nested():
            subscriber_id = store.create(
                session,
                email=req.email,
                email_hash=email_hash,
                first_name=req.first_name,
                source=req.consent.source,
                status="pending",
                nonce=secrets.token_hex(8),
            )
    except IntegrityError:
        return None
    store.set_topics(session, subscriber_id, req.topics)
    store.record_consent(session, subscriber_id, "requested", req.consent)
    return subscriber_id


def queue_limited(session: Session, nl: Newsletter, subscriber_id: int, row: object, kind: str) -> str:
    """Queue the email unless this address already had its daily share of sign-up emails."""
    today = utcnow().date().isoformat()
    day = getattr(row, "signup_mails_day", None)
    sent = getattr(row, "signup_mails_sent", 0) if day == today else 0
    if sent >= nl.settings.signup_mails_per_day:
        return f"{kind}_limited"
    store.change(session, subscriber_id, signup_mails_day=today, signup_mails_sent=sent + 1)
    queue_subscriber_mail(session, nl.outbox, subscriber_id, kind)
    return kind
