"""Email through the outbox: queue a message with the business row; the worker sends it."""

from __future__ import annotations

import base64
from dataclasses import asdict
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from services.kit.email.message import Attachment, EmailMessage, Recipient
from services.kit.email.port import EmailSender, EmailSendError
from services.kit.outbox import enqueue
from services.kit.worker import PermanentJobError, RetryableJobError

EMAIL_JOB = "email.send"


def message_to_payload(message: EmailMessage) -> dict[str, Any]:
    """Serialise a message for the outbox (attachments as base64)."""
    data = asdict(message)
    data["attachments"] = [
        {**asdict(a), "content": base64.b64encode(a.content).decode("ascii")} for a in message.attachments
    ]
    return data


def message_from_payload(data: dict[str, Any]) -> EmailMessage:
    """Rebuild a message from its outbox payload."""
    return EmailMessage(
        **{
            **data,
            "recipients": tuple(Recipient(**r) for r in data["recipients"]),
            "categories": tuple(data.get("categories") or ()),
            "attachments": tuple(
                Attachment(**{**a, "content": base64.b64decode(a["content"])}) for a in data.get("attachments") or ()
            ),
        }
    )


def queue_email(session: Session, outbox: Table, message: EmailMessage, *, dedupe_key: str | None = None) -> None:
    """Record an email to send in the caller's transaction."""
    enqueue(session, outbox, EMAIL_JOB, message_to_payload(message), dedupe_key=dedupe_key)


class SendEmailJob:
    """The worker's handler: send one queued message through the email port."""

    def __init__(self, sender: EmailSender):
        self.sender = sender

    def __call__(self, payload: dict[str, Any]) -> None:
        """Send; provider throttling and outages are retried, rejected messages dead-lettered."""
        try:
            self.sender.send(message_from_payload(payload))
        except EmailSendError as exc:
            if exc.retryable:
                raise RetryableJobError(f"email provider: {exc.status} {exc.reason}", exc.retry_after) from exc
            raise PermanentJobError(f"email provider refused: {exc.status} {exc.reason}") from exc
