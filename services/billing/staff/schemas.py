"""Staff billing JSON at the edge."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate


class MemberQuerySchema(Schema):
    """Find members by email or lead."""

    class Meta:
        """Refuse unknown fields."""

        unknown = RAISE

    email = fields.Email(load_default=None)
    lead_id = fields.String(load_default=None, validate=validate.Length(max=64))


class ReasonSchema(Schema):
    """Why staff changed a membership (kept in the audit log)."""

    class Meta:
        """Refuse unknown fields."""

        unknown = RAISE

    reason = fields.String(required=True, validate=validate.Length(min=3, max=500))


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
