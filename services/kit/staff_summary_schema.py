"""The documented shape of the staff summaries the gateway's staff home reads from each service."""

from __future__ import annotations

from marshmallow import Schema, fields


class LeadsSummarySchema(Schema):
    """Leads figures; the clinical ones only for clinicians and admins, dead letters only for admins."""

    new_leads_today = fields.Integer(required=True, metadata={"description": "Leads created since midnight Eastern"})
    open_safety_flags = fields.Integer(metadata={"description": "Leads whose safety flag is not cleared"})
    nearest_safety_deadline = fields.DateTime(
        allow_none=True, metadata={"description": "The earliest response deadline of an unanswered alert (UTC)"}
    )
    inquiries_waiting = fields.Integer(metadata={"description": "Inquiries nobody has worked on yet"})
    consultations_waiting = fields.Integer(metadata={"description": "Leads whose consultation request awaits a time"})
    dead_letters = fields.Integer(metadata={"description": "Outbox jobs that gave up"})


class BillingSummarySchema(Schema):
    """Membership figures for admins."""

    active_members = fields.Integer(required=True)
    monthly_recurring_revenue_cents = fields.Integer(required=True, metadata={"description": "In cents, USD"})
    past_due_members = fields.Integer(required=True)
    failed_webhooks = fields.Integer(required=True, metadata={"description": "Stripe events that failed to apply"})
    dead_letters = fields.Integer(required=True)


class NewsletterSummarySchema(Schema):
    """Campaign figures for marketers; dead letters only for admins."""

    campaigns_scheduled = fields.Integer(required=True)
    campaigns_sending = fields.Integer(required=True)
    dead_letters = fields.Integer()
