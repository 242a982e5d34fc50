"""The leads retention pass deletes exactly what is past its period: stale requests, expired exports, old outbox."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import insert

from services.kit.db_types import utcnow
from services.leads.privacy.retention import retention_pass
from services.leads.tables import infra, privacy_export_parts, privacy_requests
from tests.leads.integration.db_rows import rows


def _request(parts, *, status: str, age_days: float, download_in_hours: float | None = None) -> str:  # type: ignore[no-untyped-def]
    """Insert a request of a given state and age; return its id."""
    now = utcnow()
    request_id = str(uuid.uuid4())
    with parts.container.db.transaction() as session:
        session.execute(
            insert(privacy_requests).values(
                id=request_id,
                kind="export",
                origin="visitor",
                email_bidx="x" * 64,
                status=status,
                link_nonce=uuid.uuid4().hex,
                link_expires_at=now,
                created_at=now - timedelta(days=age_days),
                download_expires_at=None if download_in_hours is None else now + timedelta(hours=download_in_hours),
            )
        )
        if download_in_hours is not None:
            session.execute(
                insert(privacy_export_parts).values(request_id=request_id, service="leads", data_enc="sealed")
            )
    return request_id


def _outbox(parts, status: str, age_days: float) -> None:  # type: ignore[no-untyped-def]
    with parts.container.db.transaction() as session:
        session.execute(
            insert(infra.outbox).values(
                kind="email.send", payload="{}", status=status, finished_at=utcnow() - timedelta(days=age_days)
            )
        )


def test_only_what_is_past_its_period_goes(parts):  # type: ignore[no-untyped-def]
    """Unconfirmed at 8 days goes, at 6 stays; an expired download's parts go; delivered outbox rows after 30 days."""
    old_unconfirmed = _request(parts, status="unconfirmed", age_days=8)
    fresh_unconfirmed = _request(parts, status="unconfirmed", age_days=6)
    answered_long_ago = _request(parts, status="done", age_days=400)
    expired = _request(parts, status="done", age_days=2, download_in_hours=-1)
    waiting = _request(parts, status="done", age_days=0, download_in_hours=5)
    _outbox(parts, "done", 31)
    _outbox(parts, "done", 29)
    _outbox(parts, "dead", 90)

    done = retention_pass(parts)

    assert done == {"leads_anonymised": 0, "unconfirmed_requests": 1, "expired_exports": 1, "outbox_rows": 1}
    left = {r.id for r in rows(parts, privacy_requests)}
    assert left == {fresh_unconfirmed, answered_long_ago, expired, waiting} and old_unconfirmed not in left
    assert [p.request_id for p in rows(parts, privacy_export_parts)] == [waiting]
    assert sorted(r.status for r in rows(parts, infra.outbox)) == ["dead", "done"]
