"""Audit records: who read or changed what, when and why (never the data itself)."""

from __future__ import annotations

from flask import g, has_request_context
from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow


def record(
    session: Session, audit: Table, action: str, target_type: str, target_id: str, reason: str | None = None
) -> None:
    """Write an audit entry in the caller's transaction, attributed to the signed-in staff member."""
    actor, request_id = "system", None
    if has_request_context():
        staff = g.get("staff")
        actor = staff.subject if staff is not None else "anonymous"
        request_id = g.get("request_id")
    session.execute(
        insert(audit).values(
            at=utcnow(),
            actor=actor,
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            reason=reason,
            request_id=request_id,
        )
    )
