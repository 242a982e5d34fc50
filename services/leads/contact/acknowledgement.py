"""The email that tells an inquirer their message arrived, built at send time so no address waits in the outbox.

It never repeats the message and names no condition: someone else in the home may read it. When the message
held crisis language it opens with 911 and 988 instead of the one-business-day promise.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from services.kit.email import EmailMessage, Recipient
from services.kit.email_jobs import SendEmailJob, message_to_payload
from services.kit.outbox import enqueue
from services.leads.bootstrap import LeadsParts
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.privacy.lead_contact import open_contact
from services.leads.settings import LeadsSettings
from services.leads.tables import infra

ACK_JOB = "leads.inquiry_ack"


def queue_acknowledgement(session: Session, lead_id: str, urgent: bool) -> None:
    """Queue the acknowledgement in the inquiry's transaction (the worker adds the address)."""
    enqueue(session, infra.outbox, ACK_JOB, {"lead_id": lead_id, "urgent": urgent}, dedupe_key=f"inquiry-ack:{lead_id}")


def acknowledgement_message(settings: LeadsSettings, email: str, first_name: str, urgent: bool) -> EmailMessage:
    """The acknowledgement: crisis lines first when urgent, never the message, never a health word."""
    t = page_catalogue("en").t
    clinic = settings.clinic_name
    if urgent:
        lines = [
            t("crisis_text.ack.urgent_first"),
            t("crisis_text.ack.urgent_988"),
            t("crisis_text.ack.greeting", first_name=first_name),
            t("crisis_text.ack.urgent_body", clinic=clinic),
        ]
    else:
        lines = [
            t("crisis_text.ack.greeting", first_name=first_name),
            t("crisis_text.ack.body", clinic=clinic),
            t("crisis_text.ack.always"),
        ]
    lines += [t("crisis_text.ack.privacy"), f"{clinic} · {settings.clinic_postal_address}"]
    html = "".join(f"<p>{_linked(line)}</p>" for line in lines)
    return EmailMessage(
        from_email=settings.mail_from,
        from_name=clinic,
        subject=t("crisis_text.ack.subject"),
        html=html,
        text="\n\n".join(lines),
        recipients=(Recipient(email=email, name=first_name),),
        categories=("inquiry-ack",),
    )


def _linked(line: str) -> str:
    """Make 911 and 988 tappable in the HTML part (the texts are our own, so plain replacement is safe)."""
    line = line.replace("call 911", '<a href="tel:911">call 911</a>')
    return line.replace("call or text 988", 'call or text <a href="tel:988">988</a>')


class InquiryAckJob:
    """The worker's handler: read the inquirer's address, build the acknowledgement, send it."""

    def __init__(self, parts: LeadsParts, sender: SendEmailJob):
        self.parts = parts
        self.sender = sender

    def __call__(self, payload: dict[str, Any]) -> None:
        """Send; an erased lead gets nothing."""
        with self.parts.container.db.transaction() as session:
            contact = open_contact(session, self.parts.cipher, payload["lead_id"])
        if contact is None:
            return
        message = acknowledgement_message(
            self.parts.settings, contact.email, contact.first_name, bool(payload.get("urgent"))
        )
        self.sender(message_to_payload(message))
