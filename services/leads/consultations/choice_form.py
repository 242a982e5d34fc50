"""Read the one-to-three preferred times from a page's form, with an error for each choice that is wrong."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from services.leads.consultations.windows import MAX_DAYS_AHEAD, ClinicHours, Window

CHOICES = (1, 2, 3)


def clinic_today(hours: ClinicHours, now: datetime) -> date:
    """Today's date at the clinic (late evening in Eastern time is already tomorrow in UTC)."""
    return now.astimezone(ZoneInfo(hours.tz)).date()


def read_choices(form: Mapping[str, str], hours: ClinicHours, today: date) -> tuple[list[Window], dict[str, str]]:
    """The windows chosen, and errors keyed `window_N` (the choice's fields) or `windows` (the whole set)."""
    windows: list[Window] = []
    numbers: list[int] = []
    errors: dict[str, str] = {}
    for n in CHOICES:
        day, period = form.get(f"window_{n}_day", "").strip(), form.get(f"window_{n}_period", "").strip()
        if not day:
            continue
        try:
            windows.append(Window(date.fromisoformat(day), period))
            numbers.append(n)
        except ValueError:
            errors[f"window_{n}"] = f"Choice {n}: please enter a date, for example 12/08/2026."
    if not windows and not errors:
        errors["windows"] = "Please choose at least one day and time of day that suits you."
        return [], errors
    for problem in hours.problems(windows, today):
        key = "windows" if problem.index is None else f"window_{numbers[problem.index]}"
        errors.setdefault(key, problem.message)
    return windows, errors


def choice_fields(hours: ClinicHours, today: date) -> dict[str, Any]:
    """What the choices' template needs: the periods offered and the range of days."""
    return {
        "periods": [(key, hours.period_label(key)) for key in hours.keys],
        "min_day": (today + timedelta(days=1)).isoformat(),
        "max_day": (today + timedelta(days=MAX_DAYS_AHEAD)).isoformat(),
        "days_text": hours.days_text(),
        "hours_text": hours.hours_text(),
    }
