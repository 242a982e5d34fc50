"""The worker's handler for consultation emails: read the booking and the address at send time, then send."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from services.kit.db_types import utcnow
from services.kit.email_jobs import SendEmailJob, message_to_payload
from services.leads.bootstrap import LeadsParts
from services.leads.consultations.booking_emails import (
    Booked,
    cancelled_email,
    change_email,
    invitation_email,
    reminder_email,
)
from services.leads.consultations.manage_links import manage_url
from services.leads.consultations.scheduling import CONSULTATION_EMAIL_JOB
from services.leads.consultations.us_dates import CLINIC_TZ, us_moment
from services.leads.consultations.visitor_changes import consultation_view
from services.leads.consultations.windows import clinic_hours
from services.leads.tables import consultations, leads

__all__ = ["CONSULTATION_EMAIL_JOB", "ConsultationEmailJob"]


class ConsultationEmailJob:
    """Send the invitation, reminder, cancellation or change email; a superseded or erased one is dropped."""

    def __init__(self, parts: LeadsParts, sender: SendEmailJob, clock: Any = utcnow):
        self.parts = parts
        self.sender = sender
        self.clock = clock

    def _booked(self, consultation_id: str) -> tuple[Booked, Any] | None:
        cipher = self.parts.cipher
        with self.parts.container.db.transaction() as session:
            row = session.execute(
                select(consultations, leads.c.email_enc, leads.c.name_enc, leads.c.phone_enc)
                .join(leads, leads.c.id == consultations.c.lead_id)
                .where(consultations.c.id == consultation_id)
            ).first()
        if row is None or row.email_enc is None:
            return None
        name = cipher.decrypt_json(row.name_enc, "leads.name") if row.name_enc else {}
        booked = Booked(
            consultation_id=consultation_id,
            sequence=row.sequence,
            email=cipher.decrypt(row.email_enc, "leads.email"),
            first_name=name.get("first_name") or "there",
            last_name=name.get("last_name") or "",
            has_phone=row.phone_enc is not None,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            manage_url=manage_url(self.parts.settings, consultation_id),
            proposed=row.proposed,
        )
        return booked, row

    def __call__(self, payload: dict[str, Any]) -> None:
        """Build the message the payload names from what is stored now, and send it."""
        found = self._booked(payload["consultation_id"])
        if found is None:
            return  # erased, or never stored: nothing to say to anyone
        booked, row = found
        settings, kind, now = self.parts.settings, payload["kind"], self.clock()
        current = row.sequence == payload.get("sequence")
        when = us_moment(booked.starts_at) if booked.starts_at else ""
        if kind == "invite" and current and row.status == "confirmed":
            message = invitation_email(settings, booked, when, now)
        elif kind == "reminder" and current and row.status == "confirmed" and _ahead(booked.starts_at, now):
            message = reminder_email(settings, booked, when, _day_word(booked.starts_at, now))
        elif kind == "cancelled":
            message = cancelled_email(settings, _as_sent(booked, payload), bool(payload.get("withdraw")), now)
        elif kind == "change_requested":
            hours = clinic_hours(settings)
            times = [hours.label(w) for w in consultation_view(self.parts, booked.consultation_id).windows]
            message = change_email(settings, _as_sent(booked, payload), times, bool(payload.get("withdraw")), now)
        else:
            return  # a later booking or change superseded this email
        self.sender(message_to_payload(message))


def _ahead(start: datetime | None, now: datetime) -> bool:
    return start is not None and start > now


def _day_word(start: datetime | None, now: datetime) -> str:
    """ "today" or "tomorrow", by the clinic's calendar."""
    zone = ZoneInfo(CLINIC_TZ)
    same_day = start is not None and start.astimezone(zone).date() == now.astimezone(zone).date()
    return "today" if same_day else "tomorrow"


def _as_sent(booked: Booked, payload: dict[str, Any]) -> Booked:
    """The withdrawal carries the sequence recorded with the change, even if staff rebooked since."""
    return Booked(**{**booked.__dict__, "sequence": int(payload.get("sequence", booked.sequence))})
