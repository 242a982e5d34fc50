"""One send rate for all workers together: a shared clock row says when the next batch may go."""

from __future__ import annotations

import time

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.newsletter.tables import send_clock

CLOCK_ID = 1


def _locked_next_at(session: Session) -> float:
    """Read the shared clock under a row lock, creating it the first time."""
    value = session.execute(select(send_clock.c.next_at).where(send_clock.c.id == CLOCK_ID).with_for_update()).scalar()
    if value is None:
        try:
            with session.begin_nested():
                session.execute(insert(send_clock).values(id=CLOCK_ID, next_at=0.0))
        except IntegrityError:
            pass
        value = session.execute(
            select(send_clock.c.next_at).where(send_clock.c.id == CLOCK_ID).with_for_update()
        ).scalar()
    return float(value or 0.0)


def reserve_slot(session: Session, recipients: int, rate_per_second: float) -> float:
    """Book the next slot for `recipients` and return the epoch time at which to send."""
    if rate_per_second <= 0:
        return 0.0
    now = time.time()
    slot = max(now, _locked_next_at(session))
    session.execute(
        update(send_clock).where(send_clock.c.id == CLOCK_ID).values(next_at=slot + recipients / rate_per_second)
    )
    return slot


def held_until(session: Session) -> float:
    """Return until when sending is held (0 when it is not), without locking the clock."""
    value = session.execute(select(send_clock.c.next_at).where(send_clock.c.id == CLOCK_ID)).scalar()
    return float(value or 0.0)


def hold_until(session: Session, when: float) -> None:
    """Send nothing from any worker before `when` (SendGrid's X-RateLimit-Reset)."""
    current = _locked_next_at(session)
    if when > current:
        session.execute(update(send_clock).where(send_clock.c.id == CLOCK_ID).values(next_at=when))
