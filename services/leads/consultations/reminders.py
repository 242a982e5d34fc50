"""The reminder the day before a booked consultation: a worker sweep queues it through the outbox."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from services.kit.db_types import utcnow
from services.kit.outbox import enqueue
from services.leads.bootstrap import LeadsParts
from services.leads.consultations.scheduling import CONSULTATION_EMAIL_JOB
from services.leads.tables import consultations, infra

AHEAD = timedelta(hours=24)


def queue_due_reminders(parts: LeadsParts, now: datetime | None = None, limit: int = 500) -> int:
    """Queue a reminder for each confirmed call starting within a day; return how many were queued.

    A call booked less than a day ahead gets none: its invitation has only just arrived.
    """
    now = now or utcnow()
    t = consultations
    with parts.container.db.transaction() as session:
        due = session.execute(
            select(t.c.id, t.c.sequence, t.c.starts_at, t.c.scheduled_at)
            .where(
                t.c.status == "confirmed",
                t.c.reminder_queued_at.is_(None),
                t.c.starts_at > now,
                t.c.starts_at <= now + AHEAD,
            )
            .order_by(t.c.starts_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        due = [row for row in due if row.scheduled_at < row.starts_at - AHEAD]
        for row in due:
            session.execute(update(t).where(t.c.id == row.id).values(reminder_queued_at=now))
            enqueue(
                session,
                infra.outbox,
                CONSULTATION_EMAIL_JOB,
                {"kind": "reminder", "consultation_id": row.id, "sequence": row.sequence},
                dedupe_key=f"consultation-reminder:{row.id}:{row.sequence}",
            )
    return len(due)


class ReminderTask:
    """The worker's periodic reminder sweep."""

    def __init__(self, parts: LeadsParts):
        self.parts = parts

    def __call__(self) -> None:
        """Queue the reminders due now."""
        queue_due_reminders(self.parts)
