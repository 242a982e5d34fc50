"""Scheduling a campaign in a local time zone, and choosing its audience."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from services.newsletter.campaigns.domain.schedule import (
    TOPIC_SLUGS,
    TOPICS,
    ZONE_NAMES,
    Audience,
    InvalidAudience,
    ScheduleError,
    parse_schedule,
    resolve_zone,
    topic_by_slug,
)

NOW = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)


def test_local_time_in_new_york_winter_is_utc_minus_five():
    """9:00 in New York in January is 14:00 UTC."""
    assert parse_schedule("2025-02-03T09:00", "America/New_York", now=NOW) == datetime(2025, 2, 3, 14, 0, tzinfo=UTC)


def test_local_time_in_new_york_summer_is_utc_minus_four():
    """9:00 in New York in July (daylight time) is 13:00 UTC."""
    assert parse_schedule("2025-07-01T09:00", "America/New_York", now=NOW) == datetime(2025, 7, 1, 13, 0, tzinfo=UTC)


def test_the_result_is_aware_utc():
    """The parsed instant carries the UTC zone."""
    assert parse_schedule("2025-02-03 09:00", "America/New_York", now=NOW).tzinfo is UTC


def test_a_time_skipped_by_spring_forward_is_refused():
    """2:30 on 9 March 2025 never happens in New York, so it is refused."""
    with pytest.raises(ScheduleError, match="does not exist") as caught:
        parse_schedule("2025-03-09T02:30", "America/New_York", now=NOW)
    assert caught.value.field == "send_at"


def test_a_time_repeated_by_fall_back_means_its_first_occurrence():
    """1:30 on 2 November 2025 happens twice in New York; the first (EDT) is chosen."""
    assert parse_schedule("2025-11-02T01:30", "America/New_York", now=NOW) == datetime(2025, 11, 2, 5, 30, tzinfo=UTC)


def test_an_offset_in_the_time_wins_over_the_zone():
    """A time that states its own offset is taken as that instant."""
    when = "2025-02-03T09:00:00-05:00"
    assert parse_schedule(when, "Europe/Paris", now=NOW) == datetime(2025, 2, 3, 14, 0, tzinfo=UTC)
    assert parse_schedule(datetime(2025, 2, 3, 9, tzinfo=timezone(timedelta(hours=-5))), None, now=NOW).hour == 14


def test_a_naive_time_without_a_zone_is_refused():
    """A wall-clock time with no zone is ambiguous and refused."""
    with pytest.raises(ScheduleError, match="time zone"):
        parse_schedule(datetime(2025, 2, 3, 9), None, now=NOW)


def test_a_time_in_the_past_is_refused():
    """Scheduling before now, or exactly now, is refused."""
    with pytest.raises(ScheduleError, match="past"):
        parse_schedule("2025-01-15T06:59", "America/New_York", now=NOW)
    with pytest.raises(ScheduleError, match="past"):
        parse_schedule("2025-01-15T07:00", "America/New_York", now=NOW)


def test_a_past_time_is_a_conflict_with_the_clock_and_bad_text_is_not():
    """Only the clock-dependent refusals are conflicts; the first and last days datetime holds never overflow."""
    for when in ("2025-01-15T06:59", "0001-01-01T00:00:00+14:00", "0001-01-01T00:00"):
        with pytest.raises(ScheduleError) as caught:
            parse_schedule(when, "Asia/Tokyo", now=NOW)
        assert caught.value.conflict and caught.value.field == "send_at", when
    with pytest.raises(ScheduleError, match="too far ahead") as caught:
        parse_schedule("9999-12-31T23:59:59-12:00", None, now=NOW)
    assert caught.value.conflict
    assert parse_schedule("9999-12-31T00:00:00Z", None, now=NOW).year == 9999
    with pytest.raises(ScheduleError) as caught:
        parse_schedule("tomorrow", "America/New_York", now=NOW)
    assert not caught.value.conflict


def test_the_documented_zone_names_are_the_ones_that_load():
    """Every zone the API document lists loads, and the list holds the usual names but no system files."""
    for name in ZONE_NAMES:
        resolve_zone(name)
    assert {"America/New_York", "UTC", "Europe/London"} <= set(ZONE_NAMES)
    assert "localtime" not in ZONE_NAMES and "posixrules" not in ZONE_NAMES


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "../../etc/passwd", "EST5EDT/../x"])
def test_unknown_zones_are_refused(zone):
    """Only real IANA zone names are accepted, with the field named."""
    with pytest.raises(ScheduleError) as caught:
        parse_schedule("2025-02-03T09:00", zone, now=NOW)
    assert caught.value.field == "timezone"


@pytest.mark.parametrize("when", ["tomorrow", "2025-13-01T09:00", "", "09:00"])
def test_unreadable_times_are_refused(when):
    """Text that is not an ISO 8601 date and time is refused."""
    with pytest.raises(ScheduleError):
        parse_schedule(when, "America/New_York", now=NOW)


def test_a_naive_now_is_a_programming_error():
    """The caller must pass an aware now."""
    with pytest.raises(ValueError, match="aware"):
        parse_schedule("2025-02-03T09:00", "America/New_York", now=datetime(2025, 1, 1))


def test_audience_is_everyone_or_a_known_topic():
    """ "everyone" and each topic slug are audiences; anything else is refused."""
    assert Audience.everyone().is_everyone and Audience.everyone().topic is None
    assert Audience("postpartum").topic == "postpartum"
    assert str(Audience("research_news")) == "research_news"
    with pytest.raises(InvalidAudience):
        Audience("Everyone")
    with pytest.raises(InvalidAudience):
        Audience("dogs")


def test_the_topics_catalogue_has_the_three_topics():
    """Research news, postpartum and clinic updates, each with a name and description."""
    assert [(topic.slug, topic.name) for topic in TOPICS] == [
        ("research_news", "Research news"),
        ("postpartum", "Postpartum and new parents"),
        ("clinic_updates", "Clinic updates"),
    ]
    assert all(topic.description for topic in TOPICS)
    assert TOPIC_SLUGS == {"research_news", "postpartum", "clinic_updates"}
    assert topic_by_slug("postpartum").name == "Postpartum and new parents"
    with pytest.raises(KeyError):
        topic_by_slug("nope")
