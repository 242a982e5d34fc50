"""Email port, message values and the SendGrid adapter."""

from services.kit.email.message import Attachment, EmailMessage, Recipient, to_sendgrid_payload
from services.kit.email.port import EmailSender, EmailSendError, SendResult
from services.kit.email.sendgrid_sender import SendGridEmailSender

__all__ = [
    "Attachment",
    "EmailMessage",
    "EmailSendError",
    "EmailSender",
    "Recipient",
    "SendGridEmailSender",
    "SendResult",
    "to_sendgrid_payload",
]
