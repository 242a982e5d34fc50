"""POST /api/leads/consultations: the short consultation path as JSON, for the clinic's own site."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest.error_handler import ErrorSchema
from marshmallow import Schema, fields, validate

from services.leads.assessments.schemas import ContactSchema, StrictSchema
from services.leads.bootstrap import current_parts
from services.leads.checkout.clearance import SERVED_STATES
from services.leads.consultations.api import CALENDAR_CONFLICT, WINDOW_RULES, refuse_unsuitable, windows_field
from services.leads.consultations.booking import BookingRequest, book_consultation
from services.leads.consultations.windows import Window
from services.leads.web.api_blueprint import ApiBlueprint
from services.leads.web.client import client_ip, user_agent

blp = ApiBlueprint("consultation_booking", __name__, url_prefix="/api/leads", description="Free consultations.")


class BookingConsentSchema(StrictSchema):
    """The Terms of Use and Privacy Policy, accepted (consultation_booking.consent in the catalogue)."""

    terms = fields.Boolean(required=True, validate=validate.Equal(True, error="Please accept the terms."))


class BookingSchema(StrictSchema):
    """Contact details, the state (FL or NJ), consent and one to three preferred windows."""

    contact = fields.Nested(ContactSchema, required=True)
    state = fields.String(required=True, validate=validate.OneOf(SERVED_STATES))
    consent = fields.Nested(BookingConsentSchema, required=True)
    windows = windows_field()


class BookedSchema(Schema):
    """The stored request."""

    id = fields.String()
    lead_id = fields.String()
    status = fields.String()


@blp.route("/consultations")
class Consultations(MethodView):
    """Ask for a free consultation without taking the assessment."""

    @blp.arguments(BookingSchema)
    @blp.response(201, BookedSchema)
    @blp.alt_response(409, schema=ErrorSchema, description=f"With field errors, {CALENDAR_CONFLICT}")
    @blp.doc(description=WINDOW_RULES)
    def post(self, payload: dict[str, Any]) -> Any:
        """Store a lead of kind consultation with its preferred times; an acknowledgement email follows."""
        windows = [Window(w["date"], w["period"]) for w in payload["windows"]]
        refuse_unsuitable(windows)
        parts = current_parts()
        contact = payload["contact"]
        booking = BookingRequest(
            first_name=contact["first_name"],
            last_name=contact["last_name"],
            email=contact["email"],
            phone=contact.get("phone"),
            state=payload["state"],
            windows=tuple(windows),
        )
        lead_id, consultation_id = book_consultation(parts, booking, client_ip(), user_agent())
        return {"id": consultation_id, "lead_id": lead_id, "status": "requested"}
