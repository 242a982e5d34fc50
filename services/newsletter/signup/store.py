"""SQL about subscribers, their topics, consent records, holds and suppressions, in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, insert, select, update
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.newsletter.tables import consents, marketing_holds, subscriber_topics, subscribers, suppressions

# Reasons that stop any mail to an address, even after a fresh sign-up.
BLOCKING_SUPPRESSIONS = ("bounce", "dropped", "spamreport", "erased")
# Reasons a fresh, confirmed opt-in lifts.
WITHDRAWAL_SUPPRESSIONS = ("unsubscribe", "group_unsubscribe")


@dataclass(frozen=True)
class Consent:
    """When, from where and under which wording a person gave or withdrew consent."""

    at: datetime
    ip: str | None
    user_agent: str | None
    text_version: str
    source: str
    # The site path the sign-up was made from (/resources/<article>), for counting sign-ups per page.
    landing_page: str | None = None


def get(session: Session, subscriber_id: int, *, lock: bool = False) -> Any:
    """Return one subscriber row, or None."""
    query = select(subscribers).where(subscribers.c.id == subscriber_id)
    return session.execute(query.with_for_update() if lock else query).first()


def find_by_hash(session: Session, email_hash: str, *, lock: bool = False) -> Any:
    """Return the subscriber with this address hash, or None."""
    query = select(subscribers).where(subscribers.c.email_hash == email_hash)
    return session.execute(query.with_for_update() if lock else query).first()


def create(
    session: Session,
    *,
    email: str,
    email_hash: str,
    first_name: str | None,
    source: str,
    status: str,
    nonce: str | None,
) -> int:
    """Insert a subscriber and return its id."""
    now = utcnow()
    result = session.execute(
        insert(subscribers).values(
            email=email,
            email_hash=email_hash,
            first_name=first_name,
            status=status,
            paused=False,
            source=source,
            confirm_nonce=nonce,
            signup_mails_sent=0,
            created_at=now,
            updated_at=now,
            confirmed_at=now if status == "confirmed" else None,
        )
    )
    return int(cast(CursorResult[Any], result).inserted_primary_key[0])


def change(session: Session, subscriber_id: int, **values: Any) -> None:
    """Update fields of one subscriber."""
    session.execute(update(subscribers).where(subscribers.c.id == subscriber_id).values(updated_at=utcnow(), **values))


def topics_of(session: Session, subscriber_id: int) -> list[str]:
    """Return the subscriber's topic slugs, sorted."""
    rows = session.execute(select(subscriber_topics.c.topic).where(subscriber_topics.c.subscriber_id == subscriber_id))
    return sorted(r.topic for r in rows)


def set_topics(session: Session, subscriber_id: int, topics: tuple[str, ...] | list[str]) -> None:
    """Replace the subscriber's topics."""
    session.execute(delete(subscriber_topics).where(subscriber_topics.c.subscriber_id == subscriber_id))
    if topics:
        session.execute(insert(subscriber_topics), [{"subscriber_id": subscriber_id, "topic": t} for t in set(topics)])


def record_consent(session: Session, subscriber_id: int, action: str, consent: Consent) -> None:
    """Keep a consent record (requested, confirmed, imported, withdrawn)."""
    session.execute(
        insert(consents).values(
            subscriber_id=subscriber_id,
            action=action,
            at=consent.at,
            ip=(consent.ip or None) and consent.ip[:64],
            user_agent=(consent.user_agent or None) and consent.user_agent[:300],
            text_version=consent.text_version[:64],
            source=consent.source,
            landing_page=consent.landing_page,
        )
    )


def consent_history(session: Session, subscriber_id: int) -> list[dict[str, Any]]:
    """Return the subscriber's consent records, oldest first."""
    rows = session.execute(select(consents).where(consents.c.subscriber_id == subscriber_id).order_by(consents.c.id))
    return [dict(r._mapping) for r in rows]


def is_held(session: Session, email_hash: str) -> bool:
    """Tell whether a safety hold forbids mailing this address."""
    return (
        session.execute(select(marketing_holds.c.email_hash).where(marketing_holds.c.email_hash == email_hash)).first()
        is not None
    )


def suppression_of(session: Session, email_hash: str) -> str | None:
    """Return why the address is suppressed, if it is."""
    return session.execute(select(suppressions.c.reason).where(suppressions.c.email_hash == email_hash)).scalar()


def suppress(session: Session, email_hash: str, reason: str) -> None:
    """Suppress an address; a blocking reason replaces a withdrawal, never the other way round."""
    current = suppression_of(session, email_hash)
    if current is None:
        session.execute(insert(suppressions).values(email_hash=email_hash, reason=reason, created_at=utcnow()))
    elif current in WITHDRAWAL_SUPPRESSIONS and reason in BLOCKING_SUPPRESSIONS:
        session.execute(update(suppressions).where(suppressions.c.email_hash == email_hash).values(reason=reason))


def lift_withdrawal(session: Session, email_hash: str) -> None:
    """Remove an unsubscribe suppression after a fresh confirmed opt-in."""
    session.execute(
        delete(suppressions).where(
            suppressions.c.email_hash == email_hash, suppressions.c.reason.in_(WITHDRAWAL_SUPPRESSIONS)
        )
    )


def set_hold(session: Session, email_hash: str, held: bool) -> None:
    """Place or lift a marketing hold on an address."""
    exists = is_held(session, email_hash)
    if held and not exists:
        session.execute(insert(marketing_holds).values(email_hash=email_hash, held_at=utcnow()))
    elif not held and exists:
        session.execute(delete(marketing_holds).where(marketing_holds.c.email_hash == email_hash))
