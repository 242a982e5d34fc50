"""Delivered outbox rows are deleted after OUTBOX_KEEP_DAYS: their payloads carried emails and events."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete, or_

from services.kit.db import Database


def purge_delivered(
    db: Database, outbox: Table, keep_days: int, now: datetime, *, at_once: tuple[str, ...] = ()
) -> int:
    """Delete outbox rows delivered more than `keep_days` ago, and at once those whose dedupe key matches a
    LIKE pattern of `at_once`; dead letters are kept. Return how many."""
    cutoff = now - timedelta(days=keep_days)
    due = outbox.c.finished_at < cutoff
    if at_once:
        due = or_(due, *(outbox.c.dedupe_key.like(pattern) for pattern in at_once))
    with db.transaction() as session:
        result = session.execute(delete(outbox).where(outbox.c.status == "done", due))
    return int(cast(CursorResult[Any], result).rowcount or 0)
