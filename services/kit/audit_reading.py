"""Reading an audit log: filters by person, record and time, newest first, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from marshmallow import RAISE, Schema, fields, validate, validates_schema
from marshmallow.exceptions import ValidationError
from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

MAX_LIMIT = 1000


def printable(value: str) -> None:
    """Refuse control characters: PostgreSQL text cannot hold NUL, so it is bad input, not a server error."""
    if any(ord(char) < 32 and char not in "\t\n\r" for char in value):
        raise ValidationError("Use letters, digits and punctuation only.")


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

    actor = fields.String(
        validate=[validate.Length(min=1, max=200), printable], metadata={"description": 'e.g. "staff:7"'}
    )
    target_type = fields.String(validate=[validate.Length(min=1, max=50), printable])
    target_id = fields.String(validate=[validate.Length(min=1, max=100), printable])
    since = fields.AwareDateTime(format="iso", metadata={"description": "entries at or after this instant"})
    until = fields.AwareDateTime(format="iso", metadata={"description": "entries before this instant"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_LIMIT))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=100_000))

    @validates_schema
    def check_range(self, data: dict[str, Any], **_: Any) -> None:
        """Instants lie between 1970 and 9000, a range does not end before it starts, a record id needs its type."""
        for name in ("since", "until"):
            if data.get(name) is not None:
                try:
                    data[name] = data[name].astimezone(UTC)
                except OverflowError:
                    raise ValidationError("Give an instant between 1970 and 9000.", name) from None
                if not 1970 <= data[name].year <= 9000:
                    raise ValidationError("Give an instant between 1970 and 9000.", name)
        if data.get("since") and data.get("until") and data["until"] <= data["since"]:
            raise ValidationError("The end must come after the start.", "until")
        if data.get("target_id") and not data.get("target_type"):
            raise ValidationError("Give the kind of record too.", "target_type")


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
