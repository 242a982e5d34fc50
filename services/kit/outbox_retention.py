"""Delivered outbox rows are deleted after OUTBOX_KEEP_DAYS: their payloads carried emails and events."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete

from services.kit.db import Database


def purge_delivered(db: Database, outbox: Table, keep_days: int, now: datetime) -> int:
    """Delete outbox rows delivered more than `keep_days` ago; dead letters are kept. Return how many."""
    cutoff = now - timedelta(days=keep_days)
    with db.transaction() as session:
        result = session.execute(delete(outbox).where(outbox.c.status == "done", outbox.c.finished_at < cutoff))
    return int(cast(CursorResult[Any], result).rowcount or 0)
