"""iCalendar (RFC 5545, iTIP RFC 5546) invitations for a booked consultation, in the clinic's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

UTC = ZoneInfo("UTC")
TZID = "America/New_York"
# The zone's rules since 2007 (second Sunday of March, first Sunday of November), so a calendar that does not
# know the zone by name still places the call at the right hour.
NEW_YORK_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:-0500",
    "TZOFFSETTO:-0400",
    "TZNAME:EDT",
    "DTSTART:20070311T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:-0400",
    "TZOFFSETTO:-0500",
    "TZNAME:EST",
    "DTSTART:20071104T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True)
class Invite:
    """What the calendar entry says; never anything about the person's health."""

    uid: str
    sequence: int
    start: datetime
    end: datetime
    summary: str
    description: str
    location: str
    organizer_email: str
    organizer_name: str
    attendee_email: str
    attendee_name: str


def _escape(text: str) -> str:
    """Escape a TEXT value (backslash, semicolon, comma, newline)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _param(text: str) -> str:
    """Quote a parameter value (a display name), dropping what a parameter may not hold."""
    return '"' + "".join(c for c in text if c not in '"\r\n') + '"'


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo(TZID)).strftime("%Y%m%dT%H%M%S")


def _fold(line: str) -> list[str]:
    """Fold a content line at 75 octets, continuation lines starting with a space."""
    if len(line.encode()) <= 75:
        return [line]
    parts: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return [parts[0]] + [" " + p for p in parts[1:]]


def invite_ics(invite: Invite, now: datetime, *, cancel: bool = False) -> bytes:
    """Build the invitation (METHOD:REQUEST), or with `cancel` its cancellation (METHOD:CANCEL)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Clinic//Leads consultation//EN",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancel else 'REQUEST'}",
        *NEW_YORK_VTIMEZONE,
        "BEGIN:VEVENT",
        f"UID:{invite.uid}",
        f"SEQUENCE:{invite.sequence}",
        f"DTSTAMP:{_stamp(now)}",
        f"DTSTART;TZID={TZID}:{_local(invite.start)}",
        f"DTEND;TZID={TZID}:{_local(invite.end)}",
        f"SUMMARY:{_escape(invite.summary)}",
        f"DESCRIPTION:{_escape(invite.description)}",
        f"LOCATION:{_escape(invite.location)}",
        f"ORGANIZER;CN={_param(invite.organizer_name)}:mailto:{invite.organizer_email}",
        f"ATTENDEE;CN={_param(invite.attendee_name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE"
        f":mailto:{invite.attendee_email}",
        f"STATUS:{'CANCELLED' if cancel else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    folded = [part for line in lines for part in _fold(line)]
    return ("\r\n".join(folded) + "\r\n").encode()
