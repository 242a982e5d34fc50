"""The emails of a booked consultation: the invitation, the reminder, cancellation and a change asked for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.kit.email import Attachment, EmailMessage, Recipient
from services.leads.consultations.ics import Invite, invite_ics
from services.leads.notifications.plain_email import plain_email
from services.leads.settings import LeadsSettings


@dataclass(frozen=True)
class Booked:
    """Who the email goes to and what was booked, read when the email is sent."""

    consultation_id: str
    sequence: int
    email: str
    first_name: str
    last_name: str
    has_phone: bool
    starts_at: datetime | None
    ends_at: datetime | None
    manage_url: str
    proposed: bool = False  # staff chose a time the visitor did not offer


def _how(booked: Booked) -> str:
    if booked.has_phone:
        return "A member of our care team will call you at the number you gave us."
    return "A member of our care team will email you shortly before the call with how to join it."


def invite(settings: LeadsSettings, booked: Booked) -> Invite:
    """The calendar entry: the clinic as organiser, the visitor as attendee, no health words."""
    assert booked.starts_at is not None and booked.ends_at is not None
    return Invite(
        uid=f"consultation-{booked.consultation_id}@{settings.mail_from.partition('@')[2] or 'clinic.example'}",
        sequence=booked.sequence,
        start=booked.starts_at,
        end=booked.ends_at,
        summary=f"Free consultation with {settings.clinic_name}",
        description=f"{_how(booked)}\nTo cancel or ask for another time: {booked.manage_url}",
        location="Phone call" if booked.has_phone else "Call details by email",
        organizer_email=settings.mail_from,
        organizer_name=settings.clinic_name,
        attendee_email=booked.email,
        attendee_name=f"{booked.first_name} {booked.last_name}".strip(),
    )


def _message(
    settings: LeadsSettings, booked: Booked, subject: str, lines: list[str], ics: bytes | None = None
) -> EmailMessage:
    # SendGrid takes a bare MIME type (no "; method=" parameter); the METHOD line inside the file says it.
    attachments = (Attachment("invite.ics", ics, "text/calendar"),) if ics else ()
    return plain_email(
        settings,
        Recipient(email=booked.email, name=booked.first_name),
        subject,
        [f"Hi {booked.first_name},", *lines],
        [("Cancel or ask for another time", booked.manage_url)],
        category="consultation",
        footer=f"{settings.clinic_name} · {settings.clinic_postal_address}",
        attachments=attachments,
    )


def invitation_email(settings: LeadsSettings, booked: Booked, when: str, now: datetime) -> EmailMessage:
    """ "Your free consultation is booked", with the invitation attached."""
    booked_line = (
        f"None of the times you chose was free, so we have booked your free consultation with "
        f"{settings.clinic_name} for {when}. If it does not suit you, ask for another time with the link below."
        if booked.proposed
        else f"Your free consultation with {settings.clinic_name} is booked for {when}."
    )
    lines = [
        booked_line,
        _how(booked),
        "The attached invitation adds the call to your calendar. If the time does not suit you after all, "
        "you can cancel or ask for another time with the link below.",
    ]
    ics = invite_ics(invite(settings, booked), now)
    return _message(settings, booked, f"Your free consultation is booked: {when}", lines, ics)


def reminder_email(settings: LeadsSettings, booked: Booked, when: str, day_word: str = "tomorrow") -> EmailMessage:
    """The reminder the day before (`day_word` is "today" when a late worker sends it on the day)."""
    lines = [
        f"A reminder that your free consultation with {settings.clinic_name} is {day_word}: {when}.",
        _how(booked),
    ]
    return _message(settings, booked, f"Reminder: your free consultation is {day_word}, {when}", lines)


def cancelled_email(settings: LeadsSettings, booked: Booked, withdraw: bool, now: datetime) -> EmailMessage:
    """The cancellation, removing the call from the visitor's calendar when it had been booked."""
    lines = [
        "Your free consultation is cancelled, as you asked.",
        "You are welcome to ask for a new one whenever you like.",
    ]
    ics = invite_ics(invite(settings, booked), now, cancel=True) if withdraw else None
    return _message(settings, booked, "Your free consultation is cancelled", lines, ics)


def change_email(
    settings: LeadsSettings, booked: Booked, times: list[str], withdraw: bool, now: datetime
) -> EmailMessage:
    """The acknowledgement of new preferred times; the old booking is withdrawn from the calendar."""
    lines = [
        "Thank you. We have your new preferred times:",
        *[f"• {t}" for t in times],
        "Our care team will book one of them and email you a new invitation.",
    ]
    ics = invite_ics(invite(settings, booked), now, cancel=True) if withdraw else None
    return _message(settings, booked, "We have your new preferred times", lines, ics)
