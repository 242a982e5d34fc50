"""Tables every service keeps beside its own: outbox, inbox, worker heartbeats, audit log."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text

from services.kit.db_types import BigId, UTCDateTime, utcnow


@dataclass(frozen=True)
class InfraTables:
    """The shared infrastructure tables of one service's metadata."""

    outbox: Table
    inbox: Table
    heartbeat: Table
    audit: Table


def add_infra_tables(metadata: MetaData) -> InfraTables:
    """Declare the infrastructure tables on a service's metadata."""
    outbox = Table(
        "outbox",
        metadata,
        Column("id", BigId, primary_key=True, autoincrement=True),
        Column("kind", String(64), nullable=False),
        Column("payload", Text, nullable=False),
        Column("dedupe_key", String(200), unique=True),
        Column("status", String(16), nullable=False, default="pending"),
        Column("attempts", Integer, nullable=False, default=0),
        Column("available_at", UTCDateTime, nullable=False, default=utcnow),
        Column("locked_by", String(100)),
        Column("last_error", Text),
        Column("created_at", UTCDateTime, nullable=False, default=utcnow),
        Column("finished_at", UTCDateTime),
        Index("ix_outbox_ready", "status", "available_at"),
    )
    inbox = Table(
        "inbox",
        metadata,
        Column("event_id", String(100), primary_key=True),
        Column("event_type", String(100), nullable=False),
        Column("source", String(50), nullable=False),
        Column("received_at", UTCDateTime, nullable=False, default=utcnow),
    )
    heartbeat = Table(
        "worker_heartbeat",
        metadata,
        Column("worker_id", String(100), primary_key=True),
        Column("beat_at", UTCDateTime, nullable=False),
        Column("jobs_done", Integer, nullable=False, default=0),
    )
    audit = Table(
        "audit_log",
        metadata,
        Column("id", BigId, primary_key=True, autoincrement=True),
        Column("at", UTCDateTime, nullable=False, default=utcnow),
        Column("actor", String(200), nullable=False),
        Column("action", String(100), nullable=False),
        Column("target_type", String(50), nullable=False),
        Column("target_id", String(100), nullable=False),
        Column("reason", Text),
        Column("request_id", String(100)),
        Index("ix_audit_target", "target_type", "target_id"),
    )
    return InfraTables(outbox=outbox, inbox=inbox, heartbeat=heartbeat, audit=audit)
