"""Fakes of our own ports for worker tests."""

from __future__ import annotations

from typing import Any

from services.kit.email import EmailMessage, SendResult


class RecordingSender:
    """An EmailSender that keeps every message instead of sending it."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    def send(self, message: EmailMessage) -> SendResult:
        """Keep the message."""
        self.sent.append(message)
        return SendResult(message_id=f"fake-{len(self.sent)}")


class RecordingDeliverer:
    """An event deliverer that keeps every event instead of posting it."""

    def __init__(self) -> None:
        self.delivered: list[dict[str, Any]] = []

    def __call__(self, payload: dict[str, Any]) -> None:
        """Keep the event."""
        self.delivered.append(payload)
