"""Store each Stripe event once by its id, with the job that processes it, atomically."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, Table, create_engine, text
from sqlalchemy.dialects import sqlite

from services.billing.tables import stripe_events
from services.billing.webhooks.translate import ProviderEvent
from services.kit.db import Database
from services.kit.db_types import utcnow
from services.kit.outbox import enqueue, outbox_row

STRIPE_EVENT_JOB = "stripe.event"

# The outbox columns come from kit's one row layout, so this statement can never drift from `enqueue`.
_OUTBOX_COLUMNS = tuple(outbox_row(STRIPE_EVENT_JOB, {}, None, datetime.now(UTC)))
# One statement, so one round trip in autocommit: the event row and its job commit together or not at all,
# and a known event id inserts neither. This is the hot path of webhook ingest.
POSTGRES_STORE = text(f"""
WITH stored AS (
    INSERT INTO stripe_events (id, type, object_id, created, payload, received_at, status, attempts)
    VALUES (:id, :type, :object_id, :created, :payload, :now, 'pending', 0)
    ON CONFLICT (id) DO NOTHING
    RETURNING id
)
INSERT INTO outbox ({", ".join(_OUTBOX_COLUMNS)})
SELECT {", ".join(f":outbox_{name}" for name in _OUTBOX_COLUMNS)} FROM stored
RETURNING id
""")  # noqa: S608 - the interpolated names are our own column names, every value is a bound parameter


def job_payload(event: ProviderEvent) -> dict[str, str | None]:
    """What the worker needs to process the event without reading it back first."""
    return {"event_id": event.id, "type": event.type, "object_id": event.object_id}


def autocommit_engine(db: Database) -> Engine | None:
    """Build the ingest path's own PostgreSQL pool: autocommit, no ping per checkout (None on SQLite)."""
    if not db.is_postgres:
        return None
    return create_engine(db.url, isolation_level="AUTOCOMMIT", pool_size=10, max_overflow=10, pool_recycle=300)


def store_event(db: Database, outbox: Table, event: ProviderEvent, body: bytes, *, fast: Engine | None = None) -> bool:
    """Insert the event unless its id is known; return whether it was new."""
    payload = body.decode("utf-8", "replace")
    if fast is not None:
        now = utcnow()
        job = outbox_row(STRIPE_EVENT_JOB, job_payload(event), None, now)
        params = {
            "id": event.id,
            "type": event.type,
            "object_id": event.object_id,
            "created": event.created,
            "payload": payload,
            "now": now,
            **{f"outbox_{name}": value for name, value in job.items()},
        }
        with fast.connect() as conn:
            return conn.execute(POSTGRES_STORE, params).first() is not None
    statement = (
        sqlite.insert(stripe_events)
        .values(
            id=event.id,
            type=event.type,
            object_id=event.object_id,
            created=event.created,
            payload=payload,
            status="pending",
            attempts=0,
        )
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(stripe_events.c.id)
    )
    with db.transaction() as session:
        fresh = session.execute(statement).first() is not None
        if fresh:
            enqueue(session, outbox, STRIPE_EVENT_JOB, job_payload(event))
    return fresh
