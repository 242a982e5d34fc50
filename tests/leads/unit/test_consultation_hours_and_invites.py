"""Clinic hours, US-style dates and the invitation file, with no database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from services.kit.config import ConfigError
from services.leads.consultations.choice_form import clinic_today, read_choices
from services.leads.consultations.ics import Invite, invite_ics
from services.leads.consultations.us_dates import us_moment
from services.leads.consultations.windows import Window, clinic_hours
from services.leads.settings import load_settings
from tests.leads.ics_reading import read_ics

EASTERN = ZoneInfo("America/New_York")
TODAY = date(2026, 12, 3)  # a Thursday


def _hours(**env: str):
    return clinic_hours(load_settings({"APP_ENV": "development", **env}))


def test_default_hours_are_weekdays_eight_to_six_in_three_windows():
    """Mon–Fri with morning 8–12, afternoon 12–4 and late afternoon 4–6, labelled in US words."""
    hours = _hours()
    assert hours.keys == ("morning", "afternoon", "late_afternoon")
    assert hours.days_text() == "Monday to Friday" and hours.hours_text() == "8 AM–6 PM"
    assert [hours.period_label(k) for k in hours.keys] == [
        "Morning (8 AM–12 PM)",
        "Afternoon (12 PM–4 PM)",
        "Late afternoon (4 PM–6 PM)",
    ]
    assert (
        hours.label(Window(date(2026, 12, 8), "morning"))
        == "Tuesday, December 8, 2026, in the morning (8 AM–12 PM Eastern)"
    )


def test_weekends_evenings_past_and_far_days_are_refused_by_choice():
    """Each wrong choice is named by its position, with a reason a visitor can act on."""
    hours = _hours()
    problems = hours.problems(
        [
            Window(date(2026, 12, 5), "morning"),  # Saturday
            Window(date(2026, 12, 8), "evening"),
            Window(date(2026, 12, 3), "morning"),  # today
        ],
        TODAY,
    )
    assert [p.index for p in problems] == [0, 1, 2]
    assert problems[0].message.startswith("Saturday, December 5, 2026 is outside our hours")
    assert "Please choose one of the times of day offered" in problems[1].message
    assert "from tomorrow on" in problems[2].message
    assert hours.problems([Window(date(2026, 12, 8), "afternoon")], TODAY) == []


def test_configured_hours_change_what_is_offered_and_bad_settings_stop_the_start():
    """A Saturday clinic with one morning window accepts Saturday mornings; malformed values are ConfigError."""
    hours = _hours(CLINIC_DAYS="sat", CONSULTATION_WINDOWS="morning=09:00-12:30")
    assert hours.problems([Window(date(2026, 12, 5), "morning")], TODAY) == []
    assert hours.problems([Window(date(2026, 12, 7), "morning")], TODAY)[0].index == 0  # a Monday
    assert hours.hours_text() == "9 AM–12:30 PM"
    for env in (
        {"CLINIC_DAYS": "funday"},
        {"CONSULTATION_WINDOWS": "morning=nine-noon"},
        {"CONSULTATION_WINDOWS": "x=12:00-08:00"},
    ):
        with pytest.raises(ConfigError):
            _hours(**env)


def test_a_call_must_fit_the_open_hours_across_daylight_saving():
    """10:00 Eastern is open in winter and summer alike; 17:45 for 30 minutes and a Sunday are not."""
    hours = _hours()
    assert hours.is_open(datetime(2027, 3, 15, 10, 0, tzinfo=EASTERN), 30)  # after the March change
    assert hours.is_open(datetime(2026, 12, 8, 15, 0, tzinfo=UTC), 30)  # 10:00 EST
    assert not hours.is_open(datetime(2026, 12, 8, 17, 45, tzinfo=EASTERN), 30)
    assert not hours.is_open(datetime(2026, 12, 6, 10, 0, tzinfo=EASTERN), 30)
    assert not hours.is_open(datetime(2026, 12, 8, 7, 30, tzinfo=EASTERN), 30)


def test_dates_read_the_us_way_in_eastern_time():
    """ "Tuesday, December 8, 2026 at 10:00 AM Eastern" from a UTC instant, and today's date is Eastern's."""
    assert us_moment(datetime(2026, 12, 8, 15, 0, tzinfo=UTC)) == "Tuesday, December 8, 2026 at 10:00 AM Eastern"
    assert us_moment(datetime(2027, 7, 1, 16, 30, tzinfo=UTC)) == "Thursday, July 1, 2027 at 12:30 PM Eastern"
    late_evening = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)  # 10 PM on Thursday the 3rd in New York
    assert clinic_today(_hours(), late_evening) == TODAY


def test_form_choices_report_errors_against_their_own_fields():
    """A bad second choice is reported as window_2, even when the first is empty."""
    form = {"window_2_day": "2026-12-05", "window_2_period": "morning", "window_3_day": "soon"}
    windows, errors = read_choices(form, _hours(), TODAY)
    assert set(errors) == {"window_2", "window_3"} and "outside our hours" in errors["window_2"]
    assert read_choices({}, _hours(), TODAY)[1] == {
        "windows": "Please choose at least one day and time of day that suits you."
    }


def test_invite_is_a_request_in_new_york_time_and_its_cancel_withdraws_it():
    """METHOD:REQUEST, TZID-local times with a VTIMEZONE, folded lines; the cancel keeps the UID."""
    invite = Invite(
        uid="consultation-abc@clinic.example",
        sequence=3,
        start=datetime(2027, 3, 16, 10, 0, tzinfo=EASTERN),
        end=datetime(2027, 3, 16, 10, 30, tzinfo=EASTERN),
        summary="Free consultation with Harbor Wellness",
        description="A member of our care team will call you.\nTo cancel, visit https://example.org/" + "x" * 120,
        location="Phone call",
        organizer_email="care@clinic.example",
        organizer_name='Harbor "Wellness"',
        attendee_email="maya@example.com",
        attendee_name="Maya Lopez",
    )
    calendar = read_ics(invite_ics(invite, datetime(2027, 3, 1, tzinfo=UTC)))
    zone = calendar.child("VTIMEZONE")
    assert calendar.value("METHOD") == "REQUEST" and zone.value("TZID") == "America/New_York"
    assert zone.child("DAYLIGHT").value("RRULE") == "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"
    event = calendar.child("VEVENT")
    assert event.value("DTSTART") == "20270316T100000" and event.params("DTEND") == {"TZID": "America/New_York"}
    assert event.value("SEQUENCE") == "3" and event.value("STATUS") == "CONFIRMED"
    assert event.value("DESCRIPTION").endswith("x" * 120) and "\\n" in event.value("DESCRIPTION")
    assert event.params("ORGANIZER") == {"CN": '"Harbor Wellness"'}
    cancelled = read_ics(invite_ics(invite, datetime(2027, 3, 2, tzinfo=UTC), cancel=True))
    assert cancelled.value("METHOD") == "CANCEL" and cancelled.child("VEVENT").value("STATUS") == "CANCELLED"
    assert cancelled.child("VEVENT").value("UID") == event.value("UID")


def test_a_configured_window_without_a_name_reads_as_its_hours():
    """An extra window key never shows the visitor its slug, only the hours."""
    hours = _hours(CONSULTATION_WINDOWS="morning=08:00-12:00,lunch_slot=12:00-13:00")
    assert hours.period_label("lunch_slot") == "12 PM–1 PM"
    assert "lunch" not in hours.label(Window(date(2026, 12, 8), "lunch_slot"))
