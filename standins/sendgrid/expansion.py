"""Turn an accepted mail/send body into one Delivery per recipient."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from standins.sendgrid.records import Delivery, Send

# Envelopes are shared, never copied or changed: a 100k-recipient campaign stays small in memory.
_NONE: dict[str, Any] = {}


def _first_content(payload: dict[str, Any], mime_type: str) -> str | None:
    """Return the body of the given MIME type, if the request has one."""
    for block in payload.get("content") or ():
        if block["type"].lower() == mime_type:
            return block["value"]
    return None


def build_send(payload: dict[str, Any], message_id: str, now: float) -> Send:
    """Keep what all recipients of a validated request share."""
    asm = payload.get("asm")
    return Send(
        message_id=message_id,
        sent_at=now,
        from_address=dict(payload["from"]),
        reply_to=dict(payload["reply_to"]) if payload.get("reply_to") else None,
        subject=payload.get("subject"),
        html=_first_content(payload, "text/html"),
        text=_first_content(payload, "text/plain"),
        headers=dict(payload.get("headers") or {}),
        categories=tuple(payload.get("categories") or ()),
        custom_args=dict(payload.get("custom_args") or {}),
        attachments=tuple(
            {
                "filename": a["filename"],
                "type": a.get("type"),
                "disposition": a.get("disposition", "attachment"),
                "content_id": a.get("content_id"),
                "content": a.get("content"),  # base64, as sent: lets a developer open the file from /dev/mail
            }
            for a in payload.get("attachments") or ()
        ),
        batch_id=payload.get("batch_id"),
        template_id=payload.get("template_id"),
        send_at=payload.get("send_at"),
        asm_group_id=asm.get("group_id") if isinstance(asm, dict) else None,
    )


def expand(
    payload: dict[str, Any],
    message_id: str,
    now: float,
    suppression_of: Callable[[str], str | None],
) -> list[Delivery]:
    """Make one Delivery for every to, cc and bcc address of every personalization."""
    send = build_send(payload, message_id, now)
    deliveries: list[Delivery] = []
    for envelope in payload["personalizations"]:
        for recipient_type in ("to", "cc", "bcc"):
            for address in envelope.get(recipient_type) or ():
                index = len(deliveries)
                deliveries.append(
                    Delivery(
                        id=f"{message_id}-{index}",
                        sg_message_id=f"{message_id}.recvd-standin-{index}.0",
                        send=send,
                        email=address["email"],
                        name=address.get("name"),
                        recipient_type=recipient_type,
                        from_address=envelope.get("from"),
                        subject=envelope.get("subject"),
                        headers=envelope.get("headers") or _NONE,
                        substitutions=envelope.get("substitutions") or _NONE,
                        custom_args=envelope.get("custom_args") or _NONE,
                        dynamic_template_data=envelope.get("dynamic_template_data"),
                        send_at=envelope.get("send_at"),
                        dropped_reason=suppression_of(address["email"]),
                    )
                )
    return deliveries
