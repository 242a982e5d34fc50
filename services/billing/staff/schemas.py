"""Staff billing JSON at the edge."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from services.billing.staff.words import STATE_FILTERS
from services.kit.staff_reason import staff_reason_field

MAX_MEMBERS = 200
# A lead's id as leads shows it in a page's address; the console's search and the API check the same rule.
LEAD_ID_PATTERN = "^[A-Za-z0-9-]{8,64}$"
LEAD_ID_MESSAGE = "Please paste the lead's id as shown in its address in leads, for example 3f2a…"


class MemberQuerySchema(Schema):
    """Find members by email or lead, or list them, newest first, a page at a time, in one state if asked."""

    class Meta:
        """Refuse unknown fields."""

        unknown = RAISE

    email = fields.Email()
    lead_id = fields.String(validate=validate.Regexp(LEAD_ID_PATTERN, error=LEAD_ID_MESSAGE))
    state = fields.String(
        validate=validate.OneOf(tuple(STATE_FILTERS), error="Please choose one of these states: {choices}."),
        metadata={"description": "members whose access is in this state now (past_due includes the grace period)"},
    )
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_MEMBERS))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=100_000))


class ReasonSchema(Schema):
    """Why staff changed a membership (kept in the audit log)."""

    class Meta:
        """Refuse unknown fields."""

        unknown = RAISE

    reason = staff_reason_field()


class MemberAccessSchema(Schema):
    """Whether the membership is usable now."""

    active = fields.Boolean()
    state = fields.String()
    until = fields.DateTime(allow_none=True)


class SubscriptionSchema(Schema):
    """A mirrored subscription."""

    id = fields.String()
    status = fields.String()
    cancel_at_period_end = fields.Boolean()
    current_period_start = fields.DateTime(allow_none=True)
    current_period_end = fields.DateTime(allow_none=True)
    canceled_at = fields.DateTime(allow_none=True)
    ended_at = fields.DateTime(allow_none=True)
    amount_cents = fields.Integer()
    currency = fields.String()
    access = fields.Nested(MemberAccessSchema)


class InvoiceSchema(Schema):
    """A mirrored invoice with its hosted page and PDF."""

    id = fields.String()
    number = fields.String(allow_none=True)
    status = fields.String()
    amount_due = fields.Integer()
    amount_paid = fields.Integer()
    currency = fields.String()
    created_at = fields.DateTime()
    paid_at = fields.DateTime(allow_none=True)
    hosted_invoice_url = fields.String(allow_none=True)
    invoice_pdf = fields.String(allow_none=True)
    amount_refunded = fields.Integer()
    amount_discount = fields.Integer()


class MemberSchema(Schema):
    """A member's billing standing."""

    customer_id = fields.String()
    email = fields.String()
    lead_id = fields.String(allow_none=True)
    access = fields.Nested(MemberAccessSchema)
    subscriptions = fields.List(fields.Nested(SubscriptionSchema))
    invoices = fields.List(fields.Nested(InvoiceSchema))
