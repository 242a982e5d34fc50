"""Outbox rows built in memory and written in one INSERT, for the assessment's hot path.

Each row has a fresh unique dedupe key, so the look-up-then-insert of the shared enqueue is not needed.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from services.kit.events import EVENT_JOB
from services.leads.batch_insert import insert_many
from services.leads.events.deferred import LEAD_EVENT_JOB
from services.leads.tables import infra


def _row(kind: str, payload: dict[str, Any], dedupe_key: str, now: datetime) -> dict[str, Any]:
    return {
        "kind": kind,
        "payload": json.dumps(payload, separators=(",", ":"), default=str),
        "dedupe_key": dedupe_key,
        "status": "pending",
        "attempts": 0,
        "available_at": now,
        "created_at": now,
    }


def job_row(kind: str, payload: dict[str, Any], dedupe_key: str, now: datetime) -> dict[str, Any]:
    """A job of our own kind (an email the worker builds at send time, for one)."""
    return _row(kind, payload, dedupe_key, now)


def event_row(target: str, event_type: str, data: dict[str, Any], now: datetime) -> dict[str, Any]:
    """An event with no personal data, delivered as the shared event job."""
    event_id = str(uuid.uuid4())
    event = {"id": event_id, "type": event_type, "source": "leads", "occurred_at": now.isoformat(), "data": data}
    return _row(EVENT_JOB, {"target": target, "event": event}, f"event:{target}:{event_id}", now)


def lead_event_row(
    target: str,
    event_type: str,
    lead_id: str,
    extra: dict[str, Any],
    now: datetime,
    event_id: str | None = None,
) -> dict[str, Any]:
    """An event whose contact details the worker adds at delivery (see events.deferred)."""
    event_id = event_id or str(uuid.uuid4())
    payload = {
        "target": target,
        "event_id": event_id,
        "event_type": event_type,
        "lead_id": lead_id,
        "occurred_at": now.isoformat(),
        "extra": extra,
    }
    return _row(LEAD_EVENT_JOB, payload, f"lead-event:{event_id}", now)


def insert_rows(db: Connection | Session, rows: list[dict[str, Any]]) -> None:
    """Write every row in one statement."""
    insert_many(db, infra.outbox, rows)
