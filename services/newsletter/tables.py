"""The newsletter service's tables: subscribers and consent, campaigns and their sending, provider events."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from services.kit.db_types import BigId, UTCDateTime, utcnow
from services.kit.infra_tables import add_infra_tables

metadata = MetaData()
infra = add_infra_tables(metadata)

# email_hash is a keyed hash of the lower-cased address: it finds a person without the address
# (holds, suppressions and provider events never store the address itself).
subscribers = Table(
    "subscribers",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("email", String(320), nullable=False),
    Column("email_hash", String(64), nullable=False, unique=True),
    Column("first_name", String(100)),
    Column("status", String(16), nullable=False),  # pending | confirmed | unsubscribed
    Column("paused", Boolean, nullable=False, default=False),
    Column("source", String(32), nullable=False),  # website | embed | import | api
    Column("confirm_nonce", String(32)),
    Column("signup_mails_day", String(10)),
    Column("signup_mails_sent", Integer, nullable=False, default=0),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("updated_at", UTCDateTime, nullable=False, default=utcnow),
    Column("confirmed_at", UTCDateTime),
    Column("unsubscribed_at", UTCDateTime),
    Index("ix_subscribers_status", "status", "created_at"),
)

subscriber_topics = Table(
    "subscriber_topics",
    metadata,
    Column("subscriber_id", BigId, ForeignKey("subscribers.id", ondelete="CASCADE"), primary_key=True),
    Column("topic", String(40), primary_key=True),
    Index("ix_subscriber_topics_topic", "topic"),
)

consents = Table(
    "consents",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("subscriber_id", BigId, ForeignKey("subscribers.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("action", String(16), nullable=False),  # requested | confirmed | imported | withdrawn
    Column("at", UTCDateTime, nullable=False),
    Column("ip", String(64)),
    Column("user_agent", String(300)),
    Column("text_version", String(64), nullable=False),
    Column("source", String(32), nullable=False),
    Column("landing_page", String(300)),  # the site path of the sign-up form, when it was one of ours
)

suppressions = Table(
    "suppressions",
    metadata,
    Column("email_hash", String(64), primary_key=True),
    Column(
        "reason", String(32), nullable=False
    ),  # bounce | dropped | spamreport | unsubscribe | group_unsubscribe | erased
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
)

marketing_holds = Table(
    "marketing_holds",
    metadata,
    Column("email_hash", String(64), primary_key=True),
    Column("held_at", UTCDateTime, nullable=False, default=utcnow),
)

campaigns = Table(
    "campaigns",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("slug", String(100), nullable=False, unique=True),
    Column("subject", String(200), nullable=False),
    Column("preheader", String(200), nullable=False, default=""),
    Column("markdown", Text, nullable=False),
    Column("audience", String(40), nullable=False),
    Column("state", String(16), nullable=False),
    Column("send_at", UTCDateTime),
    Column("timezone", String(64)),
    Column("html", Text),  # frozen at start, with per-recipient placeholders
    Column("text", Text),
    Column("total", Integer, nullable=False, default=0),
    Column("created_by", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("updated_at", UTCDateTime, nullable=False, default=utcnow),
    Column("started_at", UTCDateTime),
    Column("finished_at", UTCDateTime),
    Index("ix_campaigns_state", "state", "send_at"),
)

campaign_batches = Table(
    "campaign_batches",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("campaign_id", BigId, ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False),
    Column("batch_no", Integer, nullable=False),
    Column("state", String(16), nullable=False),  # pending | submitting | submitted | failed
    Column("size", Integer, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    # True once an attempt ended with its outcome unknown (the worker died while submitting).
    Column("uncertain", Boolean, nullable=False, default=False),
    Column("available_at", UTCDateTime, nullable=False, default=utcnow),
    Column("claimed_by", String(100)),
    Column("claimed_at", UTCDateTime),
    Column("submitted_at", UTCDateTime),
    Column("message_id", String(100)),
    Column("last_error", Text),
    UniqueConstraint("campaign_id", "batch_no", name="uq_campaign_batches_no"),
    Index("ix_campaign_batches_ready", "state", "available_at"),
)

campaign_recipients = Table(
    "campaign_recipients",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    # No foreign key here: checking it row by row doubled the time to freeze a 100,000-person audience,
    # and recipient rows are only ever written by the freeze, under the campaign's row lock.
    Column("campaign_id", BigId, nullable=False),
    Column("batch_no", Integer, nullable=False),
    Column("subscriber_id", BigId, nullable=False),
    Column("email", String(320), nullable=False),
    Column("email_hash", String(64), nullable=False),
    Column("state", String(24), nullable=False),
    Column("updated_at", UTCDateTime),
    UniqueConstraint("campaign_id", "subscriber_id", name="uq_campaign_recipients_subscriber"),
    Index("ix_campaign_recipients_batch", "campaign_id", "batch_no"),
)

# One row: the next instant a batch may go out, shared by every worker to hold the send rate.
send_clock = Table(
    "send_clock",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("next_at", Float, nullable=False),
)

sendgrid_events = Table(
    "sendgrid_events",
    metadata,
    Column("sg_event_id", String(100), primary_key=True),
    Column("event", String(32), nullable=False),
    Column("email_hash", String(64)),
    Column("campaign_id", BigId),
    Column("recipient_id", BigId),
    Column("bounce_type", String(16)),
    Column("machine_open", Boolean, nullable=False, default=False),
    Column("occurred_at", UTCDateTime),
    Column("received_at", UTCDateTime, nullable=False, default=utcnow),
    Column("processed", Boolean, nullable=False, default=False),
    Index("ix_sendgrid_events_campaign", "campaign_id", "event"),
    Index("ix_sendgrid_events_unprocessed", "processed"),
)

# A CSV import started from the staff page: the file, how its columns map, and the worker's progress.
subscriber_imports = Table(
    "subscriber_imports",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("state", String(16), nullable=False),  # mapping | queued | running | done | failed
    Column("filename", String(200), nullable=False),
    Column("content", Text, nullable=False),
    Column("columns", Text, nullable=False),  # JSON list of the header row's names
    Column("mapping", Text),  # JSON: our field → the file's column name
    Column("status", String(16), nullable=False),  # pending (double opt-in) | confirmed
    Column("consent_source", String(300), nullable=False),
    Column("total_rows", Integer, nullable=False, default=0),
    Column("processed_rows", Integer, nullable=False, default=0),
    Column("imported", Integer, nullable=False, default=0),
    Column("already_listed", Integer, nullable=False, default=0),
    Column("not_importable", Integer, nullable=False, default=0),
    Column("rejected", Text),  # JSON list of {line, reason, email}
    Column("error", Text),
    Column("created_by", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("started_at", UTCDateTime),
    Column("finished_at", UTCDateTime),
    Index("ix_subscriber_imports_state", "state", "id"),
)
