"""The email port: what a service needs from an email provider, and how it fails."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from services.kit.email.message import EmailMessage


@dataclass(frozen=True)
class SendResult:
    """What the provider said when it accepted a message."""

    message_id: str | None


class EmailSendError(Exception):
    """The provider did not accept a message; `retryable` says whether trying again can help."""

    def __init__(
        self,
        reason: str,
        *,
        status: int | None = None,
        retryable: bool,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after

    def __repr__(self) -> str:
        """Show the classification, which is what callers act on."""
        return (
            f"EmailSendError(status={self.status!r}, retryable={self.retryable!r}, "
            f"retry_after={self.retry_after!r}, reason={self.reason!r})"
        )


class EmailSender(Protocol):
    """Hands a message to an email provider."""

    def send(self, message: EmailMessage) -> SendResult:
        """Send the message, or raise EmailSendError."""
        ...
