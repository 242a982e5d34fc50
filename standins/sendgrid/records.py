"""What the stand-in keeps of accepted mail: one Send per request, one Delivery per recipient."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Send:
    """The parts of one accepted request that every recipient shares."""

    message_id: str
    sent_at: float
    from_address: dict[str, Any]
    reply_to: dict[str, Any] | None
    subject: str | None
    html: str | None
    text: str | None
    headers: dict[str, str]
    categories: tuple[str, ...]
    custom_args: dict[str, str]
    attachments: tuple[dict[str, Any], ...]
    batch_id: str | None
    template_id: str | None
    send_at: int | None
    asm_group_id: int | None


@dataclass(frozen=True, slots=True)
class Delivery:
    """One recipient's copy; bodies are rendered on demand so large campaigns stay small in memory."""

    id: str
    sg_message_id: str
    send: Send
    email: str
    name: str | None
    recipient_type: str
    from_address: dict[str, Any] | None
    subject: str | None
    headers: dict[str, str]
    substitutions: dict[str, str]
    custom_args: dict[str, str]
    dynamic_template_data: dict[str, Any] | None
    send_at: int | None
    dropped_reason: str | None

    @property
    def all_custom_args(self) -> dict[str, str]:
        """Message-level custom_args overridden by this envelope's, as SendGrid merges them."""
        return {**self.send.custom_args, **self.custom_args}

    def has_category(self, category: str) -> bool:
        """Tell whether the message carries a category."""
        return category in self.send.categories

    def render(self) -> dict[str, Any]:
        """Render as the dev mail API shows it, with substitutions applied."""
        send = self.send
        pairs = sorted(self.substitutions.items(), key=lambda pair: -len(pair[0]))
        return {
            "id": self.id,
            "message_id": send.message_id,
            "sg_message_id": self.sg_message_id,
            "to": self.email,
            "to_name": self.name,
            "recipient_type": self.recipient_type,
            "from": self.from_address or send.from_address,
            "reply_to": send.reply_to,
            "subject": _substitute(self.subject or send.subject, pairs),
            "html": _substitute(send.html, pairs),
            "text": _substitute(send.text, pairs),
            "headers": {**send.headers, **self.headers},
            "categories": list(send.categories),
            "custom_args": self.all_custom_args,
            "attachments": [dict(a) for a in send.attachments],
            "batch_id": send.batch_id,
            "template_id": send.template_id,
            "dynamic_template_data": self.dynamic_template_data,
            "asm_group_id": send.asm_group_id,
            "send_at": self.send_at if self.send_at is not None else send.send_at,
            "sent_at": iso_time(send.sent_at),
            "status": "dropped" if self.dropped_reason else "delivered",
            "dropped_reason": self.dropped_reason,
        }


def _substitute(value: str | None, pairs: list[tuple[str, str]]) -> str | None:
    """Replace each substitution tag, longest first so no tag eats part of another."""
    if not value:
        return value
    for tag, replacement in pairs:
        if tag:
            value = value.replace(tag, replacement)
    return value


def iso_time(epoch: float) -> str:
    """Format a unix time as ISO 8601 UTC with milliseconds."""
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
