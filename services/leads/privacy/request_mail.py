"""The emails of a privacy request, built at send time from the sealed address: confirm, download ready, erased.

None names a health detail, or says whether any service knew the address.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from services.kit.email import EmailMessage, Recipient
from services.kit.email_jobs import SendEmailJob, message_to_payload
from services.leads.bootstrap import LeadsParts
from services.leads.notifications.plain_email import plain_email
from services.leads.privacy.requests import EMAIL_CONTEXT, link_token
from services.leads.tables import privacy_requests

WHAT = {"export": "a copy of the information we hold about", "erase": "the erasure of the information we hold about"}
# After these the request needs the address no more: it is blanked once the email is sent.
LAST_MAILS = ("export_ready", "erased")


def _link(parts: LeadsParts, path: str, token: str) -> str:
    return f"{parts.settings.public_url.rstrip('/')}/privacy/requests/{path}?token={token}"


def privacy_message(parts: LeadsParts, mail: str, row: Any, email: str) -> EmailMessage:
    """The message `mail` (confirm | export_ready | erased) of one request."""
    settings = parts.settings
    footer = f"{settings.clinic_name} · {settings.clinic_postal_address}"
    to = Recipient(email=email)
    if mail == "confirm":
        minutes = settings.privacy_link_minutes
        action = "Confirm and get my copy" if row.kind == "export" else "Confirm the erasure"
        lines = [
            f"Someone, we hope you, asked {settings.clinic_name} for {WHAT[row.kind]} this email address.",
            f"To confirm that it was you, open the link below within {minutes} minutes. It works once.",
            "If you did not ask, you can ignore this email: nothing will happen.",
        ]
        subject = (
            "Confirm your request for a copy of your information"
            if row.kind == "export"
            else ("Confirm your request to erase your information")
        )
        link = _link(parts, "confirm", link_token(parts, row.link_nonce, "confirm"))
        return plain_email(settings, to, subject, lines, [(action, link)], category="privacy", footer=footer)
    if mail == "export_ready":
        hours = settings.privacy_download_hours
        lines = [
            "Your copy is ready: what our free assessment, our newsletter and our membership records hold about you.",
            f"The link below downloads it once, within {hours} hours. After that we delete the copy; you can always "
            "ask for a new one.",
        ]
        link = _link(parts, "download", link_token(parts, row.download_nonce, "download"))
        return plain_email(
            settings,
            to,
            "Your copy of your information is ready",
            lines,
            [("Download my copy", link)],
            category="privacy",
            footer=footer,
        )
    lines = [
        "We have erased what we held about you in our free assessment, newsletter and membership records, as you "
        "asked.",
        "We keep anonymous counts only, and a one-way coded form of your email address so that we never email you "
        "again by mistake. Our payment provider keeps the payment records the law requires of it.",
        "This is the last email you will receive from us.",
    ]
    return plain_email(settings, to, "Your information has been erased", lines, category="privacy", footer=footer)


class PrivacyMailJob:
    """The worker's handler: open the address, send the email, and drop the address after the last one."""

    def __init__(self, parts: LeadsParts, sender: SendEmailJob):
        self.parts = parts
        self.sender = sender

    def __call__(self, payload: dict[str, Any]) -> None:
        """Send one request email; a request whose address is gone gets nothing."""
        db = self.parts.container.db
        with db.transaction() as session:
            row = session.execute(
                select(privacy_requests).where(privacy_requests.c.id == payload["request_id"])
            ).first()
        if row is None or row.email_enc is None:
            return
        email = self.parts.cipher.decrypt(row.email_enc, EMAIL_CONTEXT)
        self.sender(message_to_payload(privacy_message(self.parts, payload["mail"], row, email)))
        if payload["mail"] in LAST_MAILS:
            with db.transaction() as session:
                session.execute(update(privacy_requests).where(privacy_requests.c.id == row.id).values(email_enc=None))
