"""When a campaign goes out: a local time in an IANA zone, turned into an aware UTC instant.

``Audience`` and the topics catalogue are re-exported here because scheduling a campaign means
choosing both when and to whom.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from services.newsletter.subscriber_domain.topics import TOPIC_SLUGS, TOPICS, Topic, topic_by_slug

from .audience import EVERYONE, Audience, InvalidAudience

__all__ = [
    "EVERYONE",
    "TOPICS",
    "TOPIC_SLUGS",
    "Audience",
    "InvalidAudience",
    "ZONE_NAMES",
    "ScheduleError",
    "Topic",
    "parse_schedule",
    "resolve_zone",
    "topic_by_slug",
]

# Every IANA zone this machine knows, which the API's document lists and checks; "localtime" and
# "posixrules" are files of the system's zone directory, not zone names.
ZONE_NAMES = sorted(available_timezones() - {"localtime", "posixrules"})


class ScheduleError(ValueError):
    """The send time cannot be used; ``field`` names the input at fault.

    ``conflict`` marks a time that is well formed but wrong now (it has passed): a conflict with the clock,
    not bad input, so the API answers it with 409.
    """

    def __init__(self, field: str, message: str, *, conflict: bool = False) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.conflict = conflict


def resolve_zone(name: str) -> ZoneInfo:
    """Return the IANA zone called ``name``; raise ScheduleError for an unknown name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ScheduleError("timezone", f"unknown time zone {name!r}") from None


def parse_schedule(when: str | datetime, zone: str | None, *, now: datetime) -> datetime:
    """Return the UTC instant for ``when``: a local wall-clock time in ``zone``, or an aware time.

    A time without an offset needs a zone; a wall-clock time that a DST change skips is refused,
    and one that occurs twice (clocks going back) means its first occurrence. ``now`` must be
    aware, and the result must lie after it.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    moment = _parse(when)
    tz = resolve_zone(zone) if zone is not None else None
    if moment.tzinfo is None and tz is None:
        raise ScheduleError("send_at", "give a time zone for a time without an offset")
    try:
        instant = (_localize(moment, tz) if tz is not None and moment.tzinfo is None else moment).astimezone(UTC)
    except OverflowError:
        # Only the first or last day datetime holds, shifted past its edge by the offset, overflows.
        if moment.year < 5000:
            raise ScheduleError("send_at", "the send time is in the past", conflict=True) from None
        raise ScheduleError("send_at", "the send time is too far ahead", conflict=True) from None
    if instant <= now:
        raise ScheduleError("send_at", "the send time is in the past", conflict=True)
    return instant


def _parse(when: str | datetime) -> datetime:
    """Read an ISO 8601 string (or take a datetime) without deciding its zone yet."""
    if isinstance(when, datetime):
        return when
    try:
        return datetime.fromisoformat(when.strip())
    except (AttributeError, ValueError):
        raise ScheduleError("send_at", "use an ISO 8601 date and time, e.g. 2025-11-04T09:00") from None


def _localize(wall_clock: datetime, tz: ZoneInfo) -> datetime:
    """Attach ``tz`` to a wall-clock time, refusing times that do not exist in that zone."""
    local = wall_clock.replace(tzinfo=tz, fold=0)
    round_trip = local.astimezone(UTC).astimezone(tz)
    if round_trip.replace(tzinfo=None) != wall_clock.replace(fold=0):
        raise ScheduleError("send_at", f"{wall_clock:%Y-%m-%d %H:%M} does not exist in {tz.key} (clocks change)")
    return local
