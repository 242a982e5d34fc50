"""Checkout's JSON at the edge."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate


class CheckoutStartSchema(Schema):
    """Start a Checkout for a cleared lead."""

    class Meta:
        """Refuse unknown fields."""

        unknown = RAISE

    lead_id = fields.String(required=True, validate=validate.Length(min=1, max=64))


class CheckoutCreatedSchema(Schema):
    """The Checkout Session to send the browser to."""

    id = fields.String(required=True)
    url = fields.String(required=True)


class AccessSchema(Schema):
    """Whether the membership is usable now."""

    active = fields.Boolean()
    state = fields.String()


class CheckoutStatusSchema(Schema):
    """A Checkout Session and its subscription, as Stripe holds them now."""

    id = fields.String()
    status = fields.String(metadata={"description": "open | complete | expired"})
    payment_status = fields.String()
    subscription_status = fields.String(allow_none=True)
    access = fields.Nested(AccessSchema)
