"""The consultation confirmation email, built at send time so no address waits in the outbox."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from markupsafe import escape
from sqlalchemy import select

from services.kit.email import EmailMessage, Recipient
from services.kit.email_jobs import SendEmailJob, message_to_payload
from services.leads.bootstrap import LeadsParts
from services.leads.consultations.requests import LEAD_EMAIL_JOB
from services.leads.consultations.windows import Window, clinic_hours
from services.leads.privacy.lead_contact import open_contact
from services.leads.tables import consultations

__all__ = ["LEAD_EMAIL_JOB", "LeadEmailJob", "confirmation_message"]


def confirmation_message(
    parts: LeadsParts, email: str, first_name: str, consultation_id: str, windows: list[Window]
) -> EmailMessage:
    """A kind acknowledgement listing the preferred times; the calendar invite follows once a time is booked."""
    settings = parts.settings
    hours = clinic_hours(settings)
    times = [hours.label(w) for w in windows]
    lines = [
        f"Hi {first_name},",
        f"Thank you for asking for a free consultation with {settings.clinic_name}. We have your preferred times:",
        *[f"• {t}" for t in times],
        "Someone from our care team will book one of these times and email you a calendar invitation for it. "
        "If none of them works for us, we will suggest another time.",
        f"{settings.clinic_name} · {settings.clinic_postal_address}",
    ]
    html = "".join(f"<p>{escape(line)}</p>" for line in lines[:2])
    html += "<ul>" + "".join(f"<li>{escape(t)}</li>" for t in times) + "</ul>"
    html += "".join(f"<p>{escape(line)}</p>" for line in lines[-2:])
    return EmailMessage(
        from_email=settings.mail_from,
        from_name=settings.clinic_name,
        subject="Your free consultation request",
        html=html,
        text="\n\n".join(lines),
        recipients=(Recipient(email=email, name=first_name),),
        categories=("consultation",),
    )


class LeadEmailJob:
    """The worker's handler for emails to a lead: read the address, build the message, send."""

    def __init__(self, parts: LeadsParts, sender: SendEmailJob):
        self.parts = parts
        self.sender = sender

    def __call__(self, payload: dict[str, Any]) -> None:
        """Send the confirmation; an erased lead gets nothing."""
        with self.parts.container.db.transaction() as session:
            contact = open_contact(session, self.parts.cipher, payload["lead_id"])
            row = session.execute(
                select(consultations.c.windows).where(consultations.c.id == payload["consultation_id"])
            ).first()
        if contact is None or row is None:
            return
        windows = [Window(date.fromisoformat(w["date"]), w["period"]) for w in json.loads(row.windows)]
        message = confirmation_message(
            self.parts, contact.email, contact.first_name, payload["consultation_id"], windows
        )
        self.sender(message_to_payload(message))
