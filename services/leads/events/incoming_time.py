"""Times carried by billing's events, read at the receiving edge."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.kit.db_types import utcnow


def event_time(value: Any) -> datetime:
    """Parse an ISO time from an event, or now when absent or unreadable."""
    try:
        parsed = datetime.fromisoformat(str(value))
        return parsed if parsed.tzinfo else utcnow()
    except ValueError:
        return utcnow()
