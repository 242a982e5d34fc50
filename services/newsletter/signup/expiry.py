"""Unconfirmed sign-ups are forgotten after PENDING_EXPIRY_DAYS."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete

from services.kit.db_types import utcnow
from services.newsletter.context import Newsletter
from services.newsletter.tables import subscribers

log = logging.getLogger(__name__)


def expire_pending(nl: Newsletter, now: datetime | None = None) -> int:
    """Delete subscribers still pending after the configured days; return how many."""
    cutoff = (now or utcnow()) - timedelta(days=nl.settings.pending_expiry_days)
    with nl.db.transaction() as session:
        result = session.execute(
            delete(subscribers).where(subscribers.c.status == "pending", subscribers.c.updated_at < cutoff)
        )
    count = int(cast(CursorResult[Any], result).rowcount or 0)
    if count:
        log.info("expired unconfirmed sign-ups", extra={"count": count})
    return count
