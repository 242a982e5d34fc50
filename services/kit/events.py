"""Events between services: outbox row → signed HTTP POST to the receiver's /internal/events."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import requests
from sqlalchemy import Table
from sqlalchemy.orm import Session

from services.contracts.events import Event
from services.kit.db_types import utcnow
from services.kit.event_signing import sign
from services.kit.outbox import enqueue, outbox_row
from services.kit.worker import PermanentJobError, RetryableJobError

EVENT_JOB = "event.deliver"


def envelope(event: Event, event_id: str, occurred_at: datetime) -> dict[str, Any]:
    """The signed body's shape: id, type, source, when, and the contract's data."""
    return {
        "id": event_id,
        "type": event.TYPE,
        "source": event.SOURCE,
        "occurred_at": occurred_at.isoformat(),
        "data": event.to_data(),
    }


def publish(session: Session, outbox: Table, event: Event, *, event_id: str | None = None) -> str:
    """Record an event for its receiver in the caller's transaction; return its id."""
    event_id = event_id or str(uuid.uuid4())
    body = envelope(event, event_id, utcnow())
    enqueue(session, outbox, EVENT_JOB, {"target": event.TARGET, "event": body}, dedupe_key=_key(event, event_id))
    return event_id


def event_row(event: Event, now: datetime, *, event_id: str | None = None) -> dict[str, Any]:
    """The same event as an outbox row, for a writer that inserts many rows in one statement."""
    event_id = event_id or str(uuid.uuid4())
    payload = {"target": event.TARGET, "event": envelope(event, event_id, now)}
    return outbox_row(EVENT_JOB, payload, _key(event, event_id), now)


def _key(event: Event, event_id: str) -> str:
    return f"event:{event.TARGET}:{event_id}"


class EventDeliverer:
    """The worker's handler that POSTs one event to its receiver, signed."""

    def __init__(self, service_urls: Mapping[str, str], signing_key: str, *, timeout: float = 10.0):
        self.service_urls = service_urls
        self.signing_key = signing_key
        self.timeout = timeout
        self.http = requests.Session()

    def __call__(self, payload: dict[str, Any]) -> None:
        """Deliver the event; a non-2xx answer or a network error is retried later."""
        base = self.service_urls.get(payload["target"])
        if not base:
            raise PermanentJobError(f"unknown event target {payload['target']!r}")
        body = json.dumps(payload["event"], separators=(",", ":")).encode()
        ts, signature = sign(self.signing_key, body)
        try:
            answer = self.http.post(
                base.rstrip("/") + "/internal/events",
                data=body,
                timeout=self.timeout,
                headers={"Content-Type": "application/json", "X-Event-Timestamp": ts, "X-Event-Signature": signature},
            )
        except requests.RequestException as exc:
            raise RetryableJobError(f"delivery failed: {type(exc).__name__}") from exc
        if answer.status_code >= 300:
            raise RetryableJobError(f"receiver answered {answer.status_code}")
