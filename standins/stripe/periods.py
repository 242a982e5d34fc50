"""Billing period arithmetic: calendar months and years anchored on a start time."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime
from typing import Any

DAY = 86400


def _add_months(timestamp: int, months: int) -> int:
    """Add calendar months, keeping the day of month where the month allows it."""
    start = datetime.fromtimestamp(timestamp, tz=UTC)
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return int(start.replace(year=year, month=month, day=day).timestamp())


def period_end(start: int, recurring: dict[str, Any]) -> int:
    """Return the end of the billing period that begins at `start`."""
    count = int(recurring.get("interval_count") or 1)
    interval = recurring.get("interval", "month")
    if interval == "day":
        return start + count * DAY
    if interval == "week":
        return start + count * 7 * DAY
    if interval == "year":
        return _add_months(start, 12 * count)
    return _add_months(start, count)
