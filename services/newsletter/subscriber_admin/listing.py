"""Find subscribers for staff: search by address or name, filter by status, page through; stream CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from services.kit.db import Database
from services.newsletter.tables import subscriber_topics, subscribers

PAGE_SIZE = 50
STATUSES = ("pending", "confirmed", "unsubscribed")
EXPORT_COLUMNS = (
    "email",
    "first_name",
    "status",
    "paused",
    "topics",
    "source",
    "created_at",
    "confirmed_at",
    "unsubscribed_at",
)


def _filtered(query: Any, q: str | None, status: str | None) -> Any:
    """Apply the search text and status filter."""
    if q:
        pattern = f"%{q.strip().lower()}%"
        query = query.where(
            or_(func.lower(subscribers.c.email).like(pattern), func.lower(subscribers.c.first_name).like(pattern))
        )
    if status in STATUSES:
        query = query.where(subscribers.c.status == status)
    return query


def search(session: Session, q: str | None, status: str | None, page: int) -> tuple[list[dict[str, Any]], int]:
    """Return one page of matching subscribers (with topics) and the total number of matches."""
    total = session.execute(_filtered(select(func.count()).select_from(subscribers), q, status)).scalar() or 0
    rows = session.execute(
        _filtered(select(subscribers), q, status)
        .order_by(subscribers.c.id.desc())
        .limit(PAGE_SIZE)
        .offset(max(page - 1, 0) * PAGE_SIZE)
    ).all()
    ids = [r.id for r in rows]
    topics: dict[int, list[str]] = {}
    if ids:
        for t in session.execute(select(subscriber_topics).where(subscriber_topics.c.subscriber_id.in_(ids))):
            topics.setdefault(t.subscriber_id, []).append(t.topic)
    return [{**r._mapping, "topics": sorted(topics.get(r.id, []))} for r in rows], int(total)


def export_csv(db: Database, q: str | None = None, status: str | None = None, chunk: int = 2000) -> Iterator[str]:
    """Yield a CSV of matching subscribers, a chunk of rows at a time, so large lists stream."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    last_id = 0
    while True:
        with db.transaction() as session:
            rows = session.execute(
                _filtered(select(subscribers), q, status)
                .where(subscribers.c.id > last_id)
                .order_by(subscribers.c.id)
                .limit(chunk)
            ).all()
            topics: dict[int, list[str]] = {}
            if rows:
                ids = [r.id for r in rows]
                for t in session.execute(select(subscriber_topics).where(subscriber_topics.c.subscriber_id.in_(ids))):
                    topics.setdefault(t.subscriber_id, []).append(t.topic)
        if not rows:
            break
        for r in rows:
            writer.writerow(
                [
                    _safe(r.email),
                    _safe(r.first_name or ""),
                    r.status,
                    "yes" if r.paused else "no",
                    ";".join(sorted(topics.get(r.id, []))),
                    r.source,
                    r.created_at.isoformat(),
                    r.confirmed_at.isoformat() if r.confirmed_at else "",
                    r.unsubscribed_at.isoformat() if r.unsubscribed_at else "",
                ]
            )
        last_id = rows[-1].id
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _safe(value: str) -> str:
    """Defuse spreadsheet formulas in a cell that came from a person."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
