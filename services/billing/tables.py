"""The billing service's tables: cleared leads, customers, sessions, the Stripe mirror, events, links."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

from services.kit.db_types import UTCDateTime, utcnow
from services.kit.infra_tables import add_infra_tables

metadata = MetaData()
infra = add_infra_tables(metadata)

# Leads the leads service told us may buy; billing never learns this from a browser.
cleared_leads = Table(
    "cleared_leads",
    metadata,
    Column("lead_id", String(64), primary_key=True),
    Column("email", String(320), nullable=False),
    Column("email_key", String(320), nullable=False, index=True),
    Column("first_name", String(100)),
    Column("last_name", String(100)),
    Column("state", String(2), nullable=False),
    Column("cleared_by", String(20), nullable=False),
    Column("cleared_at", UTCDateTime, nullable=False, default=utcnow),
    Column("revoked_at", UTCDateTime),
)

# One row per person (by email), claimed before the Stripe customer exists, so there is only ever one.
customers = Table(
    "customers",
    metadata,
    Column("ref", String(32), primary_key=True),
    Column("email_key", String(320), nullable=False, unique=True),
    Column("email", String(320), nullable=False),
    Column("lead_id", String(64)),
    Column("stripe_customer_id", String(64), unique=True),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
)

checkout_sessions = Table(
    "checkout_sessions",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("lead_id", String(64), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("stripe_customer_id", String(64), nullable=False),
    Column("status", String(20), nullable=False),
    Column("payment_status", String(30), nullable=False),
    Column("subscription_id", String(64)),
    Column("url", Text),
    Column("expires_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("synced_at", UTCDateTime, nullable=False, default=utcnow),
    UniqueConstraint("lead_id", "attempt", name="uq_checkout_lead_attempt"),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("stripe_customer_id", String(64), nullable=False, index=True),
    Column("lead_id", String(64), index=True),
    Column("status", String(30), nullable=False),
    Column("cancel_at_period_end", Boolean, nullable=False, default=False),
    Column("cancel_at", UTCDateTime),
    Column("canceled_at", UTCDateTime),
    Column("ended_at", UTCDateTime),
    Column("current_period_start", UTCDateTime),
    Column("current_period_end", UTCDateTime),
    Column("price_id", String(64)),
    Column("amount_cents", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("latest_invoice_id", String(64)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("synced_at", UTCDateTime, nullable=False, default=utcnow),
)

invoices = Table(
    "invoices",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("stripe_customer_id", String(64), nullable=False, index=True),
    Column("subscription_id", String(64), index=True),
    Column("status", String(20), nullable=False),
    Column("amount_due", Integer, nullable=False),
    Column("amount_paid", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("number", String(64)),
    Column("hosted_invoice_url", Text),
    Column("invoice_pdf", Text),
    Column("attempt_count", Integer, nullable=False, default=0),
    Column("billing_reason", String(40)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("paid_at", UTCDateTime),
    Column("synced_at", UTCDateTime, nullable=False, default=utcnow),
    # What the provider says has been refunded of the payment for this invoice (charge.amount_refunded).
    Column("amount_refunded", Integer, nullable=False, default=0, server_default="0"),
    # What promotion codes took off the invoice (its total_discount_amounts), so staff see paid of full price.
    Column("amount_discount", Integer, nullable=False, default=0, server_default="0"),
    # The card issuer's reason for the latest failed payment (Stripe's decline_code), for staff.
    Column("last_decline_code", String(40)),
)

# Each Stripe event stored once by its id; the worker processes it by re-fetching the object.
stripe_events = Table(
    "stripe_events",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("type", String(100), nullable=False),
    Column("object_id", String(255)),
    Column("created", Integer, nullable=False),
    Column("payload", Text, nullable=False),
    Column("received_at", UTCDateTime, nullable=False, default=utcnow),
    Column("status", String(16), nullable=False, default="pending"),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Column("processed_at", UTCDateTime),
    Index("ix_stripe_events_status", "status"),
)

signin_links = Table(
    "signin_links",
    metadata,
    Column("nonce", String(64), primary_key=True),
    Column("customer_ref", String(32), nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime),
)

# Refunds of members' payments, kept from the provider's current state; invoice_id ties each to what it repaid.
refunds = Table(
    "refunds",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("charge_id", String(64), nullable=False, index=True),
    Column("payment_intent_id", String(64)),
    Column("invoice_id", String(64), index=True),
    Column("subscription_id", String(64)),
    Column("amount", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(20), nullable=False),
    Column("reason", String(40)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("synced_at", UTCDateTime, nullable=False, default=utcnow),
)
