"""The transactional outbox: side effects recorded with the business row, claimed by workers."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, and_, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.kit.db import Database
from services.kit.db_types import utcnow


@dataclass(frozen=True)
class Job:
    """One claimed outbox row; `attempt` fences completion against a stale worker."""

    id: int
    kind: str
    payload: dict[str, Any]
    attempt: int


def outbox_row(
    kind: str, payload: dict[str, Any], dedupe_key: str | None, now: datetime, *, delay_seconds: float = 0
) -> dict[str, Any]:
    """The one layout of an outbox row, for `enqueue` and for writers that insert many rows at once."""
    return {
        "kind": kind,
        "payload": json.dumps(payload, separators=(",", ":"), default=str),
        "dedupe_key": dedupe_key,
        "status": "pending",
        "attempts": 0,
        "available_at": now + timedelta(seconds=delay_seconds),
        "created_at": now,
    }


def enqueue(
    session: Session,
    outbox: Table,
    kind: str,
    payload: dict[str, Any],
    *,
    dedupe_key: str | None = None,
    delay_seconds: float = 0,
) -> None:
    """Record a side effect in the caller's transaction; a repeated dedupe key is ignored."""
    values = outbox_row(kind, payload, dedupe_key, utcnow(), delay_seconds=delay_seconds)
    if dedupe_key is None:
        session.execute(insert(outbox).values(**values))
        return
    exists = session.execute(select(outbox.c.id).where(outbox.c.dedupe_key == dedupe_key)).first()
    if exists:
        return
    try:
        with session.begin_nested():
            session.execute(insert(outbox).values(**values))
    except IntegrityError:
        pass  # a concurrent writer recorded the same effect first


def backoff_seconds(attempt: int, *, base: float = 2.0, cap: float = 3600.0, floor: float = 0.0) -> float:
    """Exponential backoff with equal jitter, never below `floor` (a provider's reset time)."""
    # The exponent is bounded: a float overflows long before attempts run out.
    ceiling = min(cap, base * 2.0 ** min(max(attempt - 1, 0), 64))
    return max(floor, ceiling / 2 + random.uniform(0, ceiling / 2))


class OutboxStore:
    """Claim, finish, fail and dead-letter outbox jobs."""

    def __init__(self, db: Database, outbox: Table, *, max_attempts: int = 8, lease_seconds: float = 60.0):
        self.db = db
        self.table = outbox
        self.max_attempts = max_attempts
        self.lease = timedelta(seconds=lease_seconds)

    def claim(self, worker_id: str, limit: int = 10, kinds: tuple[str, ...] | None = None) -> list[Job]:
        """Lease up to `limit` ready jobs; a job whose worker died is ready again once its lease ends."""
        t = self.table
        now = utcnow()
        with self.db.transaction() as session:
            query = (
                select(t.c.id, t.c.kind, t.c.payload, t.c.attempts)
                .where(and_(t.c.status == "pending", t.c.available_at <= now))
                .order_by(t.c.available_at, t.c.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
            if kinds:
                query = query.where(t.c.kind.in_(kinds))
            rows = session.execute(query).all()
            jobs: list[Job] = []
            for row in rows:
                if row.attempts >= self.max_attempts:
                    session.execute(
                        update(t)
                        .where(t.c.id == row.id)
                        .values(
                            status="dead",
                            finished_at=now,
                            last_error=func.coalesce(t.c.last_error, "worker stopped during every attempt"),
                        )
                    )
                    continue
                attempt = row.attempts + 1
                session.execute(
                    update(t)
                    .where(t.c.id == row.id)
                    .values(attempts=attempt, locked_by=worker_id, available_at=now + self.lease)
                )
                jobs.append(Job(row.id, row.kind, json.loads(row.payload), attempt))
            return jobs

    def _fenced(self, job: Job) -> Any:
        """Match the job only while this attempt still owns it."""
        return and_(self.table.c.id == job.id, self.table.c.attempts == job.attempt, self.table.c.status == "pending")

    def complete(self, job: Job) -> None:
        """Mark a job done."""
        with self.db.transaction() as session:
            session.execute(
                update(self.table).where(self._fenced(job)).values(status="done", finished_at=utcnow(), locked_by=None)
            )

    def fail(self, job: Job, error: str, *, retryable: bool = True, retry_after: float | None = None) -> str:
        """Record the error; schedule a retry with backoff or dead-letter the job. Return the new status."""
        dead = not retryable or job.attempt >= self.max_attempts
        values: dict[str, Any] = {"last_error": error[:2000], "locked_by": None}
        if dead:
            values.update(status="dead", finished_at=utcnow())
        else:
            delay = backoff_seconds(job.attempt, floor=retry_after or 0.0)
            values.update(available_at=utcnow() + timedelta(seconds=delay))
        with self.db.transaction() as session:
            session.execute(update(self.table).where(self._fenced(job)).values(**values))
        return "dead" if dead else "pending"

    def dead_letters(self, limit: int = 100, *, with_payload: bool = False) -> list[dict[str, Any]]:
        """List dead-lettered jobs, newest first (payloads only when asked: they can hold personal data)."""
        t = self.table
        columns = [t.c.id, t.c.kind, t.c.attempts, t.c.last_error, t.c.created_at, t.c.finished_at]
        with self.db.transaction() as session:
            rows = session.execute(
                select(*columns, *([t.c.payload] if with_payload else []))
                .where(t.c.status == "dead")
                .order_by(t.c.id.desc())
                .limit(limit)
            ).all()
        return [dict(row._mapping) for row in rows]

    def retry(self, job_id: int | None = None) -> int:
        """Put one dead job (or all of them) back in the queue; return how many."""
        with self.db.transaction() as session:
            return self.retry_in(session, job_id)

    def retry_in(self, session: Session, job_id: int | None = None) -> int:
        """Requeue one dead job (or all) inside the caller's transaction, beside its audit record."""
        t = self.table
        where = t.c.status == "dead" if job_id is None else and_(t.c.status == "dead", t.c.id == job_id)
        result = session.execute(
            update(t).where(where).values(status="pending", attempts=0, available_at=utcnow(), finished_at=None)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def discard_in(self, session: Session, job_id: int) -> int:
        """Give up on one dead job for good inside the caller's transaction (the row stays, out of the list)."""
        t = self.table
        result = session.execute(
            update(t).where(and_(t.c.status == "dead", t.c.id == job_id)).values(status="discarded")
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def counts(self) -> dict[str, int]:
        """Count jobs by status (pending includes leased)."""
        t = self.table
        with self.db.transaction() as session:
            rows = session.execute(select(t.c.status, func.count()).group_by(t.c.status)).all()
        return {status: int(n) for status, n in rows}

    def oldest_pending(self) -> datetime | None:
        """Return when the oldest pending job was created."""
        t = self.table
        with self.db.transaction() as session:
            return session.execute(
                select(t.c.created_at).where(t.c.status == "pending").order_by(t.c.created_at).limit(1)
            ).scalar()
