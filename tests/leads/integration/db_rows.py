"""Read the leads database directly in tests."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Table, select

from services.leads.bootstrap import LeadsParts
from services.leads.tables import infra


def rows(parts: LeadsParts, table: Table, *where: Any) -> list[Any]:
    """All rows of `table` matching `where`."""
    with parts.container.db.transaction() as session:
        return list(session.execute(select(table).where(*where)).all())


def outbox_jobs(parts: LeadsParts, kind: str | None = None) -> list[dict[str, Any]]:
    """Outbox payloads, optionally of one kind, oldest first."""
    found = rows(parts, infra.outbox, *([infra.outbox.c.kind == kind] if kind else []))
    return [{"kind": r.kind, "payload": json.loads(r.payload), "available_at": r.available_at} for r in found]


def events_of(parts: LeadsParts, event_type: str) -> list[dict[str, Any]]:
    """Events queued of one type, from plain and lead-bound outbox jobs alike."""
    found = []
    for job in outbox_jobs(parts):
        payload = job["payload"]
        if job["kind"] == "event.deliver" and payload["event"]["type"] == event_type:
            found.append(payload["event"])
        if job["kind"] == "leads.lead_event" and payload["event_type"] == event_type:
            found.append(payload)
    return found
