"""The email we send, as plain values, and its SendGrid v3 mail/send body."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Attachment:
    """A file carried with a message."""

    filename: str
    content: bytes
    mime_type: str
    disposition: str = "attachment"


@dataclass(frozen=True)
class Recipient:
    """One addressee, with what differs for them alone (unsubscribe headers, merge values, ids)."""

    email: str
    name: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    substitutions: dict[str, str] = field(default_factory=dict)
    custom_args: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class EmailMessage:
    """One message to one or more recipients; each recipient receives their own copy."""

    from_email: str
    from_name: str | None
    subject: str
    html: str | None
    text: str | None
    recipients: tuple[Recipient, ...]
    reply_to: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    categories: tuple[str, ...] = ()
    custom_args: dict[str, str] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()
    batch_id: str | None = None

    def __post_init__(self) -> None:
        """Refuse a message that no provider could send."""
        if not self.recipients:
            raise ValueError("an email needs at least one recipient")
        if not (self.html or self.text):
            raise ValueError("an email needs an html or a text body")
        if not self.subject:
            raise ValueError("an email needs a subject")


def _address(email: str, name: str | None) -> dict[str, str]:
    """Build a SendGrid email object, leaving out an empty name."""
    return {"email": email, "name": name} if name else {"email": email}


def _personalization(message: EmailMessage, recipient: Recipient) -> dict[str, Any]:
    """Build the envelope for one recipient."""
    envelope: dict[str, Any] = {"to": [_address(recipient.email, recipient.name)]}
    if recipient.headers:
        envelope["headers"] = dict(recipient.headers)
    if recipient.substitutions:
        envelope["substitutions"] = dict(recipient.substitutions)
    # Message-wide custom_args are folded into every personalization: the effect is the same
    # (personalization values win, as SendGrid merges them), and the published spec types the
    # message-level field as a string, so keeping it per personalization stays within the spec.
    custom_args = {**message.custom_args, **recipient.custom_args}
    if custom_args:
        envelope["custom_args"] = custom_args
    return envelope


def to_sendgrid_payload(message: EmailMessage) -> dict[str, Any]:
    """Build the JSON body of SendGrid's POST /v3/mail/send for this message."""
    content = []
    # SendGrid requires text/plain before text/html when both are present.
    if message.text:
        content.append({"type": "text/plain", "value": message.text})
    if message.html:
        content.append({"type": "text/html", "value": message.html})
    payload: dict[str, Any] = {
        "personalizations": [_personalization(message, r) for r in message.recipients],
        "from": _address(message.from_email, message.from_name),
        "subject": message.subject,
        "content": content,
    }
    if message.reply_to:
        payload["reply_to"] = {"email": message.reply_to}
    if message.headers:
        payload["headers"] = dict(message.headers)
    if message.categories:
        payload["categories"] = list(message.categories)
    if message.attachments:
        payload["attachments"] = [
            {
                "content": base64.b64encode(a.content).decode("ascii"),
                "filename": a.filename,
                "type": a.mime_type,
                "disposition": a.disposition,
            }
            for a in message.attachments
        ]
    if message.batch_id:
        payload["batch_id"] = message.batch_id
    return payload
