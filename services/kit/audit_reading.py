"""Reading an audit log: filters by person, record and time, newest first, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from marshmallow import RAISE, Schema, fields, post_load, validate
from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from services.kit.clean_text import OneLineString

MAX_LIMIT = 1000
# No entry is older or newer than these, so an instant beyond them filters exactly as they do.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class AuditQuery:
    """Which entries to read: every filter is optional; `limit` entries from `offset`, newest first."""

    actor: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 50
    offset: int = 0


class AuditQuerySchema(Schema):
    """The query string of an audit log endpoint."""

    class Meta:
        """Refuse filters the endpoint does not know."""

        unknown = RAISE

    actor = OneLineString(validate=validate.Length(min=1, max=200), metadata={"description": 'e.g. "staff:7"'})
    target_type = OneLineString(validate=validate.Length(min=1, max=50), metadata={"description": 'e.g. "lead"'})
    target_id = OneLineString(
        validate=validate.Length(min=1, max=100), metadata={"description": "the record's id, of any kind unless given"}
    )
    since = fields.AwareDateTime(
        format="iso", metadata={"description": "entries at or after this instant (none are before 1970)"}
    )
    until = fields.AwareDateTime(
        format="iso",
        metadata={"description": "entries before this instant; one at or before `since` leaves none to list"},
    )
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_LIMIT))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=100_000))

    @post_load
    def clamp_instants(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        """Read instants in UTC, held between 1970 and 9000: a filter far in the past means from the start."""
        for name in ("since", "until"):
            if data.get(name) is not None:
                data[name] = in_range(data[name])
        return data


def in_range(instant: datetime) -> datetime:
    """The instant in UTC, moved to 1970 or 9000 when it lies beyond them (or beyond what datetime holds)."""
    try:
        utc = instant.astimezone(UTC)
    except OverflowError:
        # Only year 1 or 9999 with an offset overflows; the side of the range is plain from the year.
        utc = EARLIEST if instant.year < 5000 else LATEST
    return min(max(utc, EARLIEST), LATEST)


class AuditEntrySchema(Schema):
    """One audit entry: who, did what, to which record, when, why."""

    id = fields.Integer(required=True)
    at = fields.DateTime(required=True, format="iso")
    actor = fields.String(required=True)
    action = fields.String(required=True)
    target_type = fields.String(required=True)
    target_id = fields.String(required=True)
    reason = fields.String(allow_none=True)


class AuditPageSchema(Schema):
    """A page of entries and how many match in all."""

    source = fields.String(required=True)
    total = fields.Integer(required=True)
    items = fields.List(fields.Nested(AuditEntrySchema), required=True)


def read_audit(session: Session, table: Table, query: AuditQuery) -> tuple[list[dict[str, Any]], int]:
    """Return the matching entries (newest first) and how many match in all."""
    t = table
    conditions = []
    if query.actor:
        conditions.append(t.c.actor == query.actor)
    if query.target_type:
        conditions.append(t.c.target_type == query.target_type)
    if query.target_id:
        conditions.append(t.c.target_id == query.target_id)
    if query.since:
        conditions.append(t.c.at >= query.since)
    if query.until:
        conditions.append(t.c.at < query.until)
    total = session.execute(select(func.count()).select_from(t).where(*conditions)).scalar_one()
    rows = session.execute(
        select(t.c.id, t.c.at, t.c.actor, t.c.action, t.c.target_type, t.c.target_id, t.c.reason)
        .where(*conditions)
        .order_by(t.c.at.desc(), t.c.id.desc())
        .limit(min(query.limit, MAX_LIMIT))
        .offset(query.offset)
    ).all()
    return [dict(row._mapping) for row in rows], int(total)
