"""Deliver a signed event to the leads inbox as billing would, for the leads integration tests."""

from __future__ import annotations

import json
from typing import Any

from services.kit.db_types import utcnow
from services.kit.event_signing import sign
from tests.conftest import EVENTS_KEY


def from_billing(client: Any, event_type: str, data: dict[str, Any], event_id: str | None = None) -> int:
    """POST one signed billing event to /internal/events (one id per type and lead unless given); return the status."""
    body = json.dumps(
        {
            "id": event_id or f"evt-{event_type}-{data['lead_id']}",
            "type": event_type,
            "source": "billing",
            "occurred_at": utcnow().isoformat(),
            "data": data,
        }
    ).encode()
    ts, signature = sign(EVENTS_KEY, body)
    return client.post(
        "/internal/events",
        data=body,
        content_type="application/json",
        headers={"X-Event-Timestamp": ts, "X-Event-Signature": signature},
    ).status_code
