"""Turn SendGrid's event JSON into our own values at the boundary; nothing downstream sees provider JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

KNOWN_EVENTS = frozenset(
    {
        "processed",
        "dropped",
        "delivered",
        "deferred",
        "bounce",
        "open",
        "click",
        "spamreport",
        "unsubscribe",
        "group_unsubscribe",
        "group_resubscribe",
    }
)


@dataclass(frozen=True)
class MailEvent:
    """One thing that happened to one message, in our terms."""

    event_id: str
    kind: str
    email: str | None
    campaign_id: int | None
    recipient_id: int | None
    bounce_type: str | None
    machine_open: bool
    occurred_at: datetime | None


def parse_batch(body: bytes) -> tuple[list[MailEvent], int]:
    """Parse a webhook body into events and a count of entries that could not be read; ValueError if not a list."""
    data = json.loads(body)
    if not isinstance(data, list):
        raise ValueError("the body must be a JSON array of events")
    events, rejected = [], 0
    for item in data:
        event = _one(item)
        if event is None:
            rejected += 1
        else:
            events.append(event)
    return events, rejected


def _int_or_none(value: Any) -> int | None:
    """Read one of our ids back from custom_args (strings of digits)."""
    text = str(value) if value is not None else ""
    return int(text) if text.isdigit() and len(text) < 19 else None


def _one(item: Any) -> MailEvent | None:
    """Translate one event, or None when it lacks an id or a known type."""
    if not isinstance(item, dict):
        return None
    event_id, kind = item.get("sg_event_id"), item.get("event")
    if not isinstance(event_id, str) or not event_id or len(event_id) > 100 or kind not in KNOWN_EVENTS:
        return None
    stamp = item.get("timestamp")
    occurred = datetime.fromtimestamp(stamp, UTC) if isinstance(stamp, int) and 0 < stamp < 2**33 else None
    email = item.get("email") if isinstance(item.get("email"), str) else None
    return MailEvent(
        event_id=event_id,
        kind=kind,
        email=email,
        campaign_id=_int_or_none(item.get("campaign_id")),
        recipient_id=_int_or_none(item.get("recipient_id")),
        bounce_type=str(item.get("type"))[:16] if kind == "bounce" and item.get("type") else None,
        machine_open=item.get("sg_machine_open") is True,
        occurred_at=occurred,
    )
