"""SQL of the sending engine: claim a batch, read its recipients, record what the provider said."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, and_, exists, func, select, update
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.newsletter.tables import (
    campaign_batches as b,
)
from services.newsletter.tables import (
    campaign_recipients as r,
)
from services.newsletter.tables import (
    campaigns as c,
)
from services.newsletter.tables import (
    marketing_holds,
    suppressions,
)
from services.newsletter.tables import (
    subscribers as s,
)


@dataclass(frozen=True)
class Claim:
    """A batch this worker moved to submitting; `attempt` fences every later write."""

    batch_id: int
    campaign_id: int
    batch_no: int
    attempt: int
    uncertain: bool


@dataclass(frozen=True)
class Addressee:
    """One recipient still to be mailed in a batch."""

    recipient_id: int
    subscriber_id: int
    email: str
    first_name: str | None = None


def any_ready(session: Session, now: datetime) -> bool:
    """Tell, without locking, whether some batch of a sending campaign is ready."""
    return (
        session.execute(
            select(b.c.id)
            .join(c, c.c.id == b.c.campaign_id)
            .where(b.c.state == "pending", b.c.available_at <= now, c.c.state == "sending")
            .limit(1)
        ).first()
        is not None
    )


def claim_next(session: Session, worker_id: str, now: datetime) -> Claim | None:
    """Lock one ready batch of a sending campaign (skipping rows others hold) and mark it submitting."""
    row = session.execute(
        select(b.c.id, b.c.campaign_id, b.c.batch_no, b.c.attempts, b.c.uncertain)
        .join(c, c.c.id == b.c.campaign_id)
        .where(b.c.state == "pending", b.c.available_at <= now, c.c.state == "sending")
        .order_by(b.c.available_at, b.c.id)
        .limit(1)
        .with_for_update(of=b, skip_locked=True)
    ).first()
    if row is None:
        return None
    attempt = row.attempts + 1
    session.execute(
        update(b)
        .where(b.c.id == row.id)
        .values(state="submitting", attempts=attempt, claimed_by=worker_id, claimed_at=now)
    )
    return Claim(row.id, row.campaign_id, row.batch_no, attempt, bool(row.uncertain))


def hold_claim(session: Session, claim: Claim) -> bool:
    """Lock our own submitting batch for the length of the provider call; False if it is no longer ours.

    On PostgreSQL the lock lives as long as this worker's connection: a worker that dies releases it,
    which is how others tell a crashed submission from one in progress.
    """
    found = session.execute(
        select(b.c.id)
        .where(b.c.id == claim.batch_id, b.c.state == "submitting", b.c.attempts == claim.attempt)
        .with_for_update()
    ).first()
    return found is not None


def recover_orphans(session: Session, older_than: timedelta, now: datetime) -> int:
    """Return batches left in submitting by a dead worker to pending, marked uncertain (possibly duplicated)."""
    rows = session.execute(
        select(b.c.id)
        .where(b.c.state == "submitting", b.c.claimed_at < now - older_than)
        .with_for_update(skip_locked=True)
    ).all()
    for row in rows:
        session.execute(
            update(b)
            .where(b.c.id == row.id)
            .values(
                state="pending",
                uncertain=True,
                available_at=now,
                claimed_by=None,
                last_error="The worker stopped while submitting; the outcome is unknown, so the batch is resent "
                "and its recipients are reported as possibly duplicated.",
            )
        )
    return len(rows)


def addressees(session: Session, claim: Claim) -> tuple[list[Addressee], list[int]]:
    """Split the batch's pending recipients into those to mail and those to skip now.

    Someone who unsubscribed, paused, was held, suppressed or erased after the audience froze is
    skipped: their choice takes effect at once.
    """
    held = exists().where(marketing_holds.c.email_hash == s.c.email_hash)
    suppressed = exists().where(suppressions.c.email_hash == s.c.email_hash)
    rows = session.execute(
        select(
            r.c.id,
            r.c.subscriber_id,
            r.c.email,
            s.c.first_name,
            s.c.status,
            s.c.paused,
            held.label("held"),
            suppressed.label("sup"),
        )
        .outerjoin(s, s.c.id == r.c.subscriber_id)
        .where(r.c.campaign_id == claim.campaign_id, r.c.batch_no == claim.batch_no, r.c.state == "pending")
        .order_by(r.c.id)
    ).all()
    send, skip = [], []
    for row in rows:
        if row.status == "confirmed" and not row.paused and not row.held and not row.sup and row.email:
            send.append(Addressee(row.id, row.subscriber_id, row.email, row.first_name))
        else:
            skip.append(row.id)
    return send, skip


def _fenced(claim: Claim) -> Any:
    """Match the batch only while this attempt still owns it."""
    return and_(b.c.id == claim.batch_id, b.c.state == "submitting", b.c.attempts == claim.attempt)


def record_submitted(
    session: Session, claim: Claim, sent: list[int], skipped: list[int], message_id: str | None
) -> None:
    """Mark the batch submitted and its recipients submitted (or possibly duplicated) and skipped."""
    now = utcnow()
    done = session.execute(
        update(b)
        .where(_fenced(claim))
        .values(state="submitted", submitted_at=now, message_id=message_id, last_error=None)
    )
    if not cast(CursorResult[Any], done).rowcount:
        return
    if skipped:
        session.execute(update(r).where(r.c.id.in_(skipped)).values(state="suppressed", updated_at=now))
    if sent:
        # Everyone still pending in the batch was in the request: one indexed update, not a list of ids.
        session.execute(
            update(r)
            .where(r.c.campaign_id == claim.campaign_id, r.c.batch_no == claim.batch_no, r.c.state == "pending")
            .values(state="possibly_duplicated" if claim.uncertain else "submitted", updated_at=now)
        )
    finish_if_done(session, claim.campaign_id, now)


def record_retry(session: Session, claim: Claim, error: str, delay: float, *, uncertain: bool) -> None:
    """Put the batch back to pending after a retryable failure, not before `delay` seconds."""
    now = utcnow()
    values: dict[str, Any] = {
        "state": "pending",
        "available_at": now + timedelta(seconds=delay),
        "last_error": error[:2000],
    }
    if uncertain:
        values["uncertain"] = True
    session.execute(update(b).where(_fenced(claim)).values(**values))


def record_failed(session: Session, claim: Claim, error: str) -> None:
    """Mark the batch failed for good (SendGrid refused it) and its pending recipients failed."""
    now = utcnow()
    done = session.execute(update(b).where(_fenced(claim)).values(state="failed", last_error=error[:2000]))
    if not cast(CursorResult[Any], done).rowcount:
        return
    session.execute(
        update(r)
        .where(r.c.campaign_id == claim.campaign_id, r.c.batch_no == claim.batch_no, r.c.state == "pending")
        .values(state="failed", updated_at=now)
    )
    finish_if_done(session, claim.campaign_id, now)


def finish_if_done(session: Session, campaign_id: int, now: datetime) -> None:
    """Mark a sending campaign sent once no batch is pending or submitting."""
    open_batches = (
        select(func.count())
        .select_from(b)
        .where(b.c.campaign_id == campaign_id, b.c.state.in_(("pending", "submitting")))
        .scalar_subquery()
    )
    session.execute(
        update(c)
        .where(c.c.id == campaign_id, c.c.state == "sending", open_batches == 0)
        .values(state="sent", finished_at=now, updated_at=now)
    )
