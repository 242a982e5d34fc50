"""Dates and times the way people in the US read them, in the clinic's time zone (US Eastern)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

CLINIC_TZ = "America/New_York"


def us_day(day: date) -> str:
    """ "Tuesday, December 8, 2026"."""
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def us_clock(moment: time | datetime, *, short: bool = False) -> str:
    """ "10:00 AM", or with `short` "10 AM" on the hour."""
    hour = moment.hour % 12 or 12
    suffix = "AM" if moment.hour < 12 else "PM"
    if short and moment.minute == 0:
        return f"{hour} {suffix}"
    return f"{hour}:{moment.minute:02d} {suffix}"


def us_moment(moment: datetime, tz: str = CLINIC_TZ) -> str:
    """ "Tuesday, December 8, 2026 at 10:00 AM Eastern" for an aware datetime."""
    local = moment.astimezone(ZoneInfo(tz))
    return f"{us_day(local.date())} at {us_clock(local)} Eastern"


def us_span(start: time, end: time) -> str:
    """ "8 AM–12 PM"."""
    return f"{us_clock(start, short=True)}–{us_clock(end, short=True)}"
