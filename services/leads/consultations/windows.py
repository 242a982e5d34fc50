"""Preferred consultation windows: a day and a part of the day, offered only within the clinic's hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from services.kit.config import ConfigError
from services.leads.consultations.us_dates import CLINIC_TZ, us_day, us_span
from services.leads.settings import LeadsSettings

__all__ = ["CLINIC_TZ", "MAX_DAYS_AHEAD", "ClinicHours", "Window", "WindowProblem", "clinic_hours"]

MAX_DAYS_AHEAD = 60
DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PERIOD_NAMES = {"morning": "Morning", "afternoon": "Afternoon", "late_afternoon": "Late afternoon"}


@dataclass(frozen=True)
class Window:
    """One preferred day and part of the day."""

    day: date
    period: str


@dataclass(frozen=True)
class WindowProblem:
    """What is wrong with one choice (`index` counts from 0), or with the whole set (`index` None).

    `on_the_calendar` marks a day the clinic does not call on, or one not between tomorrow and MAX_DAYS_AHEAD
    days ahead: rules that depend on today and on the clinic's days, which an API document cannot state.
    """

    index: int | None
    message: str
    on_the_calendar: bool = False


def _clock(raw: str) -> time:
    hours, _, minutes = raw.strip().partition(":")
    return time(int(hours), int(minutes or 0))


@dataclass(frozen=True)
class ClinicHours:
    """The days and parts of the day the care team takes consultations, in the clinic's time zone."""

    weekdays: frozenset[int]
    periods: tuple[tuple[str, time, time], ...]
    tz: str = CLINIC_TZ

    @property
    def keys(self) -> tuple[str, ...]:
        """The period keys, in the order of the day."""
        return tuple(key for key, _, _ in self.periods)

    def span(self, period: str) -> tuple[time, time]:
        """Start and end clock times of a period."""
        for key, start, end in self.periods:
            if key == period:
                return start, end
        raise KeyError(period)

    def bounds(self, window: Window) -> tuple[datetime, datetime]:
        """Start and end of a window as aware datetimes."""
        start, end = self.span(window.period)
        zone = ZoneInfo(self.tz)
        return datetime.combine(window.day, start, zone), datetime.combine(window.day, end, zone)

    def period_label(self, period: str) -> str:
        """ "Morning (8 AM–12 PM)"."""
        start, end = self.span(period)
        name = PERIOD_NAMES.get(period)  # a configured key without a name reads as its hours only
        return f"{name} ({us_span(start, end)})" if name else us_span(start, end)

    def label(self, window: Window) -> str:
        """ "Tuesday, December 8, 2026, in the morning (8 AM–12 PM Eastern)"."""
        start, end = self.span(window.period)
        name = PERIOD_NAMES.get(window.period, "").lower()
        return f"{us_day(window.day)}, {'in the ' + name + ' ' if name else ''}({us_span(start, end)} Eastern)"

    def days_text(self) -> str:
        """ "Monday to Friday", or the open days named one by one."""
        days = sorted(self.weekdays)
        if days == list(range(days[0], days[-1] + 1)) and len(days) > 2:
            return f"{DAY_NAMES[days[0]]} to {DAY_NAMES[days[-1]]}"
        return ", ".join(DAY_NAMES[d] for d in days)

    def hours_text(self) -> str:
        """ "8 AM–6 PM"."""
        return us_span(min(s for _, s, _ in self.periods), max(e for _, _, e in self.periods))

    def is_open(self, start: datetime, minutes: int) -> bool:
        """Tell whether a call starting at `start` and lasting `minutes` falls wholly in one open period."""
        local = start.astimezone(ZoneInfo(self.tz))
        end = local + timedelta(minutes=minutes)
        if local.weekday() not in self.weekdays or end.date() != local.date():
            return False
        opening = min(s for _, s, _ in self.periods)
        closing = max(e for _, _, e in self.periods)
        return opening <= local.time() and end.time() <= closing

    def problems(self, windows: list[Window], today: date) -> list[WindowProblem]:
        """Say what is wrong with the chosen windows (empty when they are fine)."""
        found: list[WindowProblem] = []
        if not 1 <= len(windows) <= 3:
            found.append(WindowProblem(None, "Please choose between one and three preferred times."))
        for n, window in enumerate(windows):
            day = us_day(window.day)
            if window.period not in self.keys:
                found.append(WindowProblem(n, f"Please choose one of the times of day offered for {day}."))
            elif window.day.weekday() not in self.weekdays:
                found.append(
                    WindowProblem(
                        n,
                        f"{day} is outside our hours: the care team takes calls {self.days_text()}, "
                        f"{self.hours_text()} Eastern. Please choose another day.",
                        on_the_calendar=True,
                    )
                )
            elif window.day <= today:
                found.append(WindowProblem(n, f"{day}: please choose a day from tomorrow on.", on_the_calendar=True))
            elif window.day > today + timedelta(days=MAX_DAYS_AHEAD):
                message = f"{day}: please choose a day within the next {MAX_DAYS_AHEAD} days."
                found.append(WindowProblem(n, message, on_the_calendar=True))
        if len(set(windows)) != len(windows):
            found.append(WindowProblem(None, "Each preferred time should be different."))
        return found


@lru_cache(maxsize=8)
def clinic_hours(settings: LeadsSettings) -> ClinicHours:
    """Read the clinic's days and consultation periods from the settings; refuse a malformed value."""
    unknown = [day for day in settings.clinic_days if day.strip().lower()[:3] not in DAY_KEYS]
    if unknown:
        raise ConfigError(f"CLINIC_DAYS names unknown days {unknown}; use mon, tue, wed, thu, fri, sat, sun")
    weekdays = frozenset(DAY_KEYS.index(day.strip().lower()[:3]) for day in settings.clinic_days)
    try:
        periods = []
        for entry in settings.consultation_windows:
            key, _, span = entry.partition("=")
            start, _, end = span.partition("-")
            periods.append((key.strip(), _clock(start), _clock(end)))
    except ValueError as exc:
        raise ConfigError(f"CONSULTATION_WINDOWS entries read key=HH:MM-HH:MM: {exc}") from exc
    if not weekdays or not periods or any(start >= end for _, start, end in periods):
        raise ConfigError("CLINIC_DAYS and CONSULTATION_WINDOWS need at least one day and one period (start < end)")
    return ClinicHours(weekdays, tuple(sorted(periods, key=lambda p: p[1])))


def window_problem_status(problems: list[WindowProblem]) -> int:
    """409 when only the calendar refuses the windows (the request itself is well formed), 422 otherwise."""
    return 409 if all(problem.on_the_calendar for problem in problems) else 422


def problems_by_field(problems: list[WindowProblem], prefix: str = "") -> dict[str, list[str]]:
    """Key each problem by its choice (`{prefix}0`, `{prefix}1`, ...) or `_schema` for the whole set."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        key = "_schema" if problem.index is None else f"{prefix}{problem.index}"
        errors.setdefault(key, []).append(problem.message)
    return errors
