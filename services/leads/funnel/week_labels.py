"""ISO week keys ("2026-W49") as staff read them: the Monday that starts the week, the US way."""

from __future__ import annotations

from datetime import date


def week_start(key: str) -> date | None:
    """The Monday of an ISO week key, or None when the key is not one."""
    year, _, week = key.partition("-W")
    try:
        return date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        return None


def week_of(key: str) -> str:
    """The week as a table reads it, e.g. "Week of Nov 30, 2026"."""
    monday = week_start(key)
    return f"Week of {monday:%b} {monday.day}, {monday.year}" if monday else key


def short_week(key: str) -> str:
    """The week as a chart's axis reads it, e.g. "Nov 30"."""
    monday = week_start(key)
    return f"{monday:%b} {monday.day}" if monday else key
