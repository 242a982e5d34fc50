"""Preferred consultation windows: a day and a part of the day, in the clinic's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

CLINIC_TZ = "America/New_York"
PERIODS = {"morning": (time(9), time(12)), "afternoon": (time(12), time(17)), "evening": (time(17), time(20))}
PERIOD_LABELS = {"morning": "morning (9am–12pm)", "afternoon": "afternoon (12–5pm)", "evening": "evening (5–8pm)"}
MAX_DAYS_AHEAD = 60


@dataclass(frozen=True)
class Window:
    """One preferred day and part of the day."""

    day: date
    period: str

    def bounds(self, tz: str = CLINIC_TZ) -> tuple[datetime, datetime]:
        """Start and end of the window as aware datetimes."""
        zone = ZoneInfo(tz)
        start, end = PERIODS[self.period]
        return datetime.combine(self.day, start, zone), datetime.combine(self.day, end, zone)

    def label(self) -> str:
        """How the window reads in an email: "Tuesday 25 November, morning (9am–12pm)"."""
        return f"{self.day.strftime('%A %-d %B')}, {PERIOD_LABELS[self.period]}"


def window_problems(windows: list[Window], today: date) -> list[str]:
    """Say what is wrong with the chosen windows (empty when they are fine)."""
    problems = []
    if not 1 <= len(windows) <= 3:
        problems.append("Choose between one and three preferred times.")
    for window in windows:
        if window.day <= today:
            problems.append(f"{window.day.isoformat()}: please choose a day from tomorrow on.")
        elif window.day > today + timedelta(days=MAX_DAYS_AHEAD):
            problems.append(f"{window.day.isoformat()}: please choose a day within the next {MAX_DAYS_AHEAD} days.")
    if len(set(windows)) != len(windows):
        problems.append("Each preferred time should be different.")
    return problems
