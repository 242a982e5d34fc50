"""Email through the outbox: the message survives the queue; provider errors become retries or dead letters."""

from __future__ import annotations

import pytest

from services.kit.email.message import Attachment, EmailMessage, Recipient
from services.kit.email.port import EmailSendError, SendResult
from services.kit.email_jobs import SendEmailJob, message_from_payload, message_to_payload
from services.kit.worker import PermanentJobError, RetryableJobError


class FakeSender:
    """Our own email port, answering with a scripted error or recording the message."""

    def __init__(self, error: EmailSendError | None = None):
        self.error = error
        self.sent: list[EmailMessage] = []

    def send(self, message: EmailMessage) -> SendResult:
        if self.error:
            raise self.error
        self.sent.append(message)
        return SendResult("msg-1")


def _message() -> EmailMessage:
    return EmailMessage(
        from_email="care@clinic.example",
        from_name="Clinic",
        subject="Your consultation",
        html="<p>Hi</p>",
        text="Hi",
        recipients=(Recipient("a@example.com", headers={"List-Unsubscribe": "<https://x/u>"}),),
        categories=("consultation",),
        attachments=(Attachment("invite.ics", b"BEGIN:VCALENDAR", "text/calendar"),),
    )


def test_a_message_survives_the_outbox_round_trip():
    """Serialising for the outbox and back yields the same message, attachments included."""
    assert message_from_payload(message_to_payload(_message())) == _message()


def test_a_sent_message_reaches_the_port():
    """The job hands the message to the sender."""
    sender = FakeSender()
    SendEmailJob(sender)(message_to_payload(_message()))
    assert sender.sent == [_message()]


def test_throttling_becomes_a_retry_after_the_reset():
    """A 429 is retried no sooner than the provider's reset."""
    job = SendEmailJob(FakeSender(EmailSendError("too many", status=429, retryable=True, retry_after=42)))
    with pytest.raises(RetryableJobError) as caught:
        job(message_to_payload(_message()))
    assert caught.value.retry_after == 42


def test_a_rejected_message_is_dead_lettered_not_retried():
    """A 400 is permanent."""
    job = SendEmailJob(FakeSender(EmailSendError("bad from", status=400, retryable=False)))
    with pytest.raises(PermanentJobError, match="bad from"):
        job(message_to_payload(_message()))
