"""The leads service's tables; personal and health values live only in the *_enc columns."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, MetaData, String, Table, Text

from services.kit.db_types import BigId, UTCDateTime, utcnow
from services.kit.infra_tables import add_infra_tables

metadata = MetaData()
infra = add_infra_tables(metadata)

leads = Table(
    "leads",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(16), nullable=False, default="assessment"),  # assessment | inquiry | consultation
    Column("status", String(24), nullable=False, default="new"),
    Column("outcome", String(20)),  # as the visitor was told (needs_review while safety-flagged)
    Column("assessed_outcome", String(20)),  # what the eligibility rules alone decided
    Column("state", String(2)),
    Column("county", String(60)),
    # Queue order without decrypting: 0 high safety tier, 1 elevated, 2 none; severity 0-4.
    Column("queue_rank", Integer, nullable=False, default=2),
    Column("severity_rank", Integer, nullable=False, default=0),
    Column("safety_status", String(12), nullable=False, default="none"),  # none | flagged | cleared
    Column("safety_tier", String(12)),
    Column("safety_flagged_at", UTCDateTime),
    Column("safety_cleared_at", UTCDateTime),
    Column("safety_cleared_by", String(200)),
    Column("marketing_hold", Boolean, nullable=False, default=False),
    Column("checkout_cleared_by", String(20)),  # eligibility | clinician
    Column("email_enc", Text),
    Column("email_bidx", String(64)),
    Column("phone_enc", Text),
    Column("phone_bidx", String(64)),
    Column("name_enc", Text),
    Column("newsletter_opt_in", Boolean, nullable=False, default=False),
    Column("newsletter_published", Boolean, nullable=False, default=False),
    Column("first_source", String(100)),
    Column("first_medium", String(100)),
    Column("first_campaign", String(100)),
    Column("last_source", String(100)),
    Column("last_medium", String(100)),
    Column("last_campaign", String(100)),
    # The site path the first and the latest assessment visit started on (/resources/<article>), for the funnel.
    Column("first_landing_page", String(300)),
    Column("last_landing_page", String(300)),
    Column("spam_suspected", Boolean, nullable=False, default=False),
    Column("spam_reasons", String(200)),
    Column("submission_count", Integer, nullable=False, default=1),
    Column("consultation_requested_at", UTCDateTime),
    Column("waitlisted_at", UTCDateTime),
    Column("converted_at", UTCDateTime),
    Column("lost_at", UTCDateTime),
    Column("subscription_id", String(100)),
    Column("revenue_cents", Integer, nullable=False, default=0),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("updated_at", UTCDateTime, nullable=False, default=utcnow),
    Column("last_submitted_at", UTCDateTime, nullable=False, default=utcnow),
    Column("erased_at", UTCDateTime),
    # A staff member's word on spam ("spam" | "not_spam"), which later signals do not overturn; None: signals decide.
    Column("spam_verdict", String(10)),
    Index("ix_leads_email_bidx", "email_bidx"),
    Index("ix_leads_phone_bidx", "phone_bidx"),
    Index("ix_leads_queue", "queue_rank", "severity_rank", "last_submitted_at"),
    Index("ix_leads_created", "created_at"),
)

# Every address a lead has used, so a marketing hold and its release reach each one, not only the latest.
lead_addresses = Table(
    "lead_addresses",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("lead_id", String(36), ForeignKey("leads.id", ondelete="CASCADE"), nullable=False),
    Column("email_enc", Text, nullable=False),  # sealed under the "leads.email" context, like leads.email_enc
    Column("email_bidx", String(64), nullable=False),
    Column("held", Boolean, nullable=False, default=False),  # a hold was queued for it and not released since
    Column("pending_event_id", String(36)),  # the hold or release queued for it and not yet delivered
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Index("ix_lead_addresses_lead", "lead_id"),
)

submissions = Table(
    "submissions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("lead_id", String(36), ForeignKey("leads.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("answers_enc", Text),  # positions, scores, dob, perinatal, history, medications
    Column("rules_version", String(40), nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("assessed_outcome", String(20), nullable=False),
    Column("safety_flagged", Boolean, nullable=False, default=False),
    Column("safety_tier", String(12)),
    Column("ip_bidx", String(32)),
    Column("spam_reasons", String(200)),
    Column("attribution", Text),  # JSON: utm_*, referrer, landing page, gclid, fbclid (never forwarded)
    # Null while the questions were interrupted by a safety disclosure and not yet finished.
    Column("completed_at", UTCDateTime),
    Index("ix_submissions_lead", "lead_id", "created_at"),
    Index("ix_submissions_ip", "ip_bidx", "created_at"),
)

consents = Table(
    "consents",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("lead_id", String(36), ForeignKey("leads.id", ondelete="CASCADE"), nullable=False),
    Column("submission_id", String(36)),
    Column("channel", String(20), nullable=False),  # terms | email | phone | sms | newsletter
    Column("granted", Boolean, nullable=False),
    # The consent text's version, and for the terms the Terms and Privacy Policy versions in force.
    Column("text_version", String(200), nullable=False),
    Column("at", UTCDateTime, nullable=False, default=utcnow),
    Column("ip", String(64)),
    Column("user_agent", String(400)),
    Index("ix_consents_lead", "lead_id"),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("key_hash", String(64), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("lead_id", String(36), nullable=False),
    Column("response_enc", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
)

lead_history = Table(
    "lead_history",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("lead_id", String(36), ForeignKey("leads.id", ondelete="CASCADE"), nullable=False),
    Column("at", UTCDateTime, nullable=False, default=utcnow),
    Column("actor", String(200), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("from_status", String(24)),
    Column("to_status", String(24)),
    Column("note_enc", Text),
    Index("ix_lead_history_lead", "lead_id", "at"),
)

safety_alerts = Table(
    "safety_alerts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("lead_id", String(36), ForeignKey("leads.id", ondelete="CASCADE"), nullable=False),
    Column("tier", String(12), nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("due_at", UTCDateTime, nullable=False),
    Column("acknowledged_at", UTCDateTime),
    Column("acknowledged_by", String(200)),
    Column("escalated_at", UTCDateTime),
    Index("ix_safety_alerts_lead", "lead_id"),
)

consultations = Table(
    "consultations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("lead_id", String(36), ForeignKey("leads.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("windows", Text, nullable=False),  # JSON list of {date, period}
    Column("timezone", String(40), nullable=False),
    Column("status", String(16), nullable=False, default="requested"),  # requested|confirmed|cancelled|change_requested
    Column("starts_at", UTCDateTime),  # the time staff booked (or proposed), once there is one
    Column("ends_at", UTCDateTime),
    Column("sequence", Integer, nullable=False, default=0),  # the invite's SEQUENCE: raised on every change sent
    Column("proposed", Boolean, nullable=False, default=False),  # the booked time is not one the visitor chose
    Column("scheduled_at", UTCDateTime),
    Column("scheduled_by", String(200)),
    Column("cancelled_at", UTCDateTime),
    Column("change_requested_at", UTCDateTime),
    Column("reminder_queued_at", UTCDateTime),
    Index("ix_consultations_lead", "lead_id"),
    Index("ix_consultations_due", "status", "starts_at"),
)

waitlist = Table(
    "waitlist",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("lead_id", String(36), ForeignKey("leads.id", ondelete="SET NULL")),
    Column("state", String(2), nullable=False),
    Column("email_enc", Text),
    Column("email_bidx", String(64)),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Index("ix_waitlist_state", "state"),
)

inquiries = Table(
    "inquiries",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("lead_id", String(36), ForeignKey("leads.id", ondelete="CASCADE"), nullable=False),
    Column("relationship", String(20), nullable=False),
    Column("message_enc", Text),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("safety_tier", String(12)),  # set when the message held crisis language (safety.crisis_language)
)

# New records waiting for the intake team's digest email (INTAKE_DIGEST_MINUTES > 0); no personal data.
intake_notices = Table(
    "intake_notices",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("lead_id", String(36), ForeignKey("leads.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(24), nullable=False),  # assessment | inquiry | consultation
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("sent_at", UTCDateTime),  # when a digest listed it
    Index("ix_intake_notices_unsent", "sent_at", "created_at"),
)

# The staff members who have acted here, so records name them ("dr.kim@clinic.example") rather than "staff:7".
staff_members = Table(
    "staff_members",
    metadata,
    Column("subject", String(200), primary_key=True),  # the token subject stored as the actor everywhere
    Column("email", String(254), nullable=False),
    Column("seen_at", UTCDateTime, nullable=False, default=utcnow),
)

# Money collected per lead, as billing reported it: each paid invoice and each refund, once by its id.
collected_payments = Table(
    "collected_payments",
    metadata,
    Column("id", String(64), primary_key=True),  # the invoice or refund id
    Column("lead_id", String(36), nullable=False, index=True),
    Column("kind", String(8), nullable=False),  # paid | refunded
    Column("amount_cents", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("at", UTCDateTime, nullable=False),
)

# A person's request for a copy of their data or its erasure, across leads, newsletter and billing. The address
# is sealed while the request runs and blanked once it is answered; the *_done_at columns record each service.
privacy_requests = Table(
    "privacy_requests",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(8), nullable=False),  # export | erase
    Column("origin", String(8), nullable=False),  # visitor | staff
    Column("requested_by", String(200)),  # the staff member who asked on the person's behalf
    Column("email_enc", Text),  # sealed under the "privacy_requests.email" context
    Column("email_bidx", String(64), nullable=False),
    Column("status", String(12), nullable=False),  # unconfirmed | running | done
    Column("link_nonce", String(64), nullable=False, unique=True),
    Column("link_expires_at", UTCDateTime, nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("confirmed_at", UTCDateTime),
    Column("leads_done_at", UTCDateTime),
    Column("newsletter_done_at", UTCDateTime),
    Column("billing_done_at", UTCDateTime),
    Column("completed_at", UTCDateTime),
    Column("download_nonce", String(64), unique=True),
    Column("download_expires_at", UTCDateTime),
    Column("downloaded_at", UTCDateTime),
    Index("ix_privacy_requests_bidx", "email_bidx", "created_at"),
    Index("ix_privacy_requests_created", "created_at"),
)

# Each service's part of an export, sealed, until the person downloads it (then deleted).
privacy_export_parts = Table(
    "privacy_export_parts",
    metadata,
    Column("request_id", String(36), ForeignKey("privacy_requests.id", ondelete="CASCADE"), primary_key=True),
    Column("service", String(12), primary_key=True),
    Column("data_enc", Text, nullable=False),  # sealed under the "privacy_export_parts.data" context
    Column("received_at", UTCDateTime, nullable=False, default=utcnow),
)
