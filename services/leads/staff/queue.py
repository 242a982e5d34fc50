"""The clinicians' queue: safety tier first, then severity, then who has waited longest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import case, select

from services.kit.local_time import CLINIC_ZONE
from services.leads.bootstrap import LeadsParts
from services.leads.tables import leads

CLOSED = ("converted", "lost", "declined")
_FLAGGED = leads.c.safety_status == "flagged"
# Any flagged record (an assessment or an inquiry) comes before every unflagged one, high tier first; within the
# safety lane the longest waiting comes first (an inquiry has no severity), elsewhere the most severe does.
SAFETY_LANE_FIRST = (
    case((_FLAGGED, 0), else_=1),
    case((_FLAGGED & (leads.c.safety_tier == "high"), 0), else_=1),
    leads.c.queue_rank,
    case((_FLAGGED, 0), else_=leads.c.severity_rank).desc(),
)


@dataclass(frozen=True)
class QueueFilters:
    """What the queue may be narrowed to."""

    state: str | None = None
    outcome: str | None = None
    status: str | None = None
    safety: str | None = None
    created_from: date | None = None
    created_to: date | None = None
    limit: int = 200


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), CLINIC_ZONE)  # staff pick days on the clinic's calendar


def queue(parts: LeadsParts, filters: QueueFilters) -> list[dict[str, Any]]:
    """Leads to work on, in order, with names for the clinicians who need them."""
    query = select(leads).where(leads.c.erased_at.is_(None))
    if filters.status:
        query = query.where(leads.c.status == filters.status)
    else:
        query = query.where(leads.c.status.not_in(CLOSED))
    for column, value in (
        (leads.c.state, filters.state),
        (leads.c.outcome, filters.outcome),
        (leads.c.safety_status, filters.safety),
    ):
        if value:
            query = query.where(column == value)
    if filters.created_from:
        query = query.where(leads.c.created_at >= _day_start(filters.created_from))
    if filters.created_to:
        query = query.where(leads.c.created_at < _day_start(filters.created_to + timedelta(days=1)))
    query = query.order_by(*SAFETY_LANE_FIRST, leads.c.last_submitted_at).limit(filters.limit)
    with parts.container.db.transaction() as session:
        found = session.execute(query).all()
    return [queue_entry(parts, row) for row in found]


def queue_entry(parts: LeadsParts, row: Any) -> dict[str, Any]:
    """One line of the queue."""
    name = parts.cipher.decrypt_json(row.name_enc, "leads.name") if row.name_enc else {}
    return {
        "id": row.id,
        "kind": row.kind,
        "name": " ".join(filter(None, (name.get("first_name"), name.get("last_name")))),
        "state": row.state,
        "outcome": row.outcome,
        "status": row.status,
        "safety_status": row.safety_status,
        "safety_tier": row.safety_tier,
        "severity_rank": row.severity_rank,
        "spam_suspected": row.spam_suspected,
        "waiting_since": row.last_submitted_at.isoformat(),
        "created_at": row.created_at.isoformat(),
        "submissions": row.submission_count,
        "consultation_requested_at": row.consultation_requested_at.isoformat()
        if row.consultation_requested_at
        else None,
    }
