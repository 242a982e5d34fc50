"""Outbox rows built in memory and written in one INSERT, for the assessment's hot path.

Each row has a fresh unique dedupe key, so the look-up-then-insert of the shared enqueue is not needed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from services.contracts.events import Event
from services.kit.events import event_row
from services.kit.outbox import outbox_row
from services.leads.batch_insert import insert_many
from services.leads.events.deferred import LEAD_EVENT_JOB, contact_event_job
from services.leads.tables import infra


def job_row(kind: str, payload: dict[str, Any], dedupe_key: str, now: datetime) -> dict[str, Any]:
    """A job of our own kind (an email the worker builds at send time, for one)."""
    return outbox_row(kind, payload, dedupe_key, now)


def lead_event_row(
    kind: type[Event], lead_id: str, extra: dict[str, Any], now: datetime, event_id: str | None = None
) -> dict[str, Any]:
    """An event whose contact details the worker adds at delivery (see events.deferred)."""
    payload = contact_event_job(kind, lead_id, extra, now, event_id)
    return outbox_row(LEAD_EVENT_JOB, payload, f"lead-event:{payload['event_id']}", now)


__all__ = ["event_row", "insert_rows", "job_row", "lead_event_row"]


def insert_rows(db: Connection | Session, rows: list[dict[str, Any]]) -> None:
    """Write every row in one statement."""
    insert_many(db, infra.outbox, rows)
