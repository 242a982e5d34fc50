"""Times and dates as the clinic's staff read them: America/New_York, the US way."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

CLINIC_ZONE = ZoneInfo("America/New_York")


def _as_datetime(value: datetime | str | None) -> datetime | None:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)  # stored times are UTC


def local_time(value: datetime | str | None) -> str:
    """Eastern time with its zone, e.g. "Dec 3, 2026, 9:14 AM EST"; empty when there is no time."""
    moment = _as_datetime(value)
    if moment is None:
        return ""
    here = moment.astimezone(CLINIC_ZONE)
    hour = here.hour % 12 or 12
    return f"{here:%b} {here.day}, {here.year}, {hour}:{here:%M} {here:%p} {here.tzname()}"


def local_date(value: date | str | None) -> str:
    """A calendar date the US way, e.g. "Dec 3, 2026"; empty when there is none."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return ""
    if isinstance(value, datetime):
        value = value.astimezone(CLINIC_ZONE).date()
    if not isinstance(value, date):
        return ""
    return f"{value:%b} {value.day}, {value.year}"


def minutes_between(later: datetime, earlier: datetime) -> int:
    """Whole minutes from `earlier` to `later` (never negative)."""
    return max(0, int((later - earlier).total_seconds() // 60))
