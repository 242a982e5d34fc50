"""Read just what billing needs from a verified Stripe event body: id, type, object id, time."""

from __future__ import annotations

import json
from dataclasses import dataclass


class MalformedEvent(ValueError):
    """The body is signed but is not a Stripe event."""


@dataclass(frozen=True)
class ProviderEvent:
    """A Stripe event reduced to what processing needs; the object itself is always re-fetched."""

    id: str
    type: str
    object_id: str | None
    created: int


def read_event(body: bytes) -> ProviderEvent:
    """Parse a Stripe event body."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise MalformedEvent("body is not JSON") from exc
    if not isinstance(data, dict) or data.get("object") != "event":
        raise MalformedEvent("body is not an event")
    event_id, kind, created = data.get("id"), data.get("type"), data.get("created")
    if not isinstance(event_id, str) or not event_id or len(event_id) > 255:
        raise MalformedEvent("event id missing")
    if not isinstance(kind, str) or not kind or len(kind) > 100:
        raise MalformedEvent("event type missing")
    if not isinstance(created, int):
        raise MalformedEvent("event created missing")
    obj = (data.get("data") or {}).get("object") if isinstance(data.get("data"), dict) else None
    object_id = obj.get("id") if isinstance(obj, dict) and isinstance(obj.get("id"), str) else None
    return ProviderEvent(event_id, kind, object_id, created)
