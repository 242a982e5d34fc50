"""POST /api/leads/inquiries: the contact form as a JSON API, for the clinic's own site."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import Schema, fields, post_load, validate

from services.kit.clean_text import CleanString
from services.leads.assessments.domain.safety import resources
from services.leads.assessments.schemas import ResourceSchema, StrictSchema, phone_field, to_e164
from services.leads.bootstrap import current_parts
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.contact.inquiries import RELATIONSHIPS, Inquiry, record_inquiry
from services.leads.web.api_blueprint import ApiBlueprint
from services.leads.web.client import client_ip, user_agent
from services.leads.web.words import says_something

blp = ApiBlueprint("inquiries", __name__, url_prefix="/api/leads", description="Questions from anyone.")


class InquiryRequestSchema(StrictSchema):
    """A question or a worry, from the person concerned or from someone close to them."""

    name = CleanString(required=True, validate=[validate.Length(max=200), says_something("Please tell us your name.")])
    email = fields.Email(required=True, validate=validate.Length(max=254))
    phone = phone_field(40)
    relationship = CleanString(required=True, validate=validate.OneOf(RELATIONSHIPS))
    message = CleanString(
        required=True, validate=[validate.Length(max=2000), says_something("Please write a message.")]
    )
    consent = fields.Boolean(
        required=True,
        validate=validate.Equal(True, error="Please agree so that we can reply to you."),
        metadata={"description": "Agreement to be contacted; must be true."},
    )
    website = CleanString(load_default="", validate=validate.Length(max=200), metadata={"description": "Leave empty."})

    @post_load
    def _normalise(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        phone = (data.get("phone") or "").strip()
        data["phone"] = to_e164(phone) if phone else None
        return data


class InquirySafetySchema(Schema):
    """Whether the message held crisis language, and where to turn now."""

    flagged = fields.Boolean(metadata={"description": "True when the message went to a clinician as urgent."})
    resources = fields.List(
        fields.Nested(ResourceSchema), metadata={"description": "Crisis and support lines, 911 and 988 first."}
    )


class InquiryResultSchema(Schema):
    """The stored inquiry: what happens next, and the crisis lines first when it was flagged."""

    id = CleanString()
    next_step_text = CleanString()
    safety = fields.Nested(InquirySafetySchema)


@blp.route("/inquiries")
class Inquiries(MethodView):
    """Send a question to the care team."""

    @blp.arguments(InquiryRequestSchema())
    @blp.response(201, InquiryResultSchema())
    def post(self, payload: dict[str, Any]) -> Any:
        """Store the message; a flagged one alerts a clinician and the answer leads with the crisis lines."""
        t = page_catalogue("en")
        spam = ("honeypot",) if payload["website"].strip() else ()
        recorded = record_inquiry(
            current_parts(),
            Inquiry(
                payload["name"].strip(),
                payload["email"],
                payload["phone"],
                payload["relationship"],
                payload["message"].strip(),
                spam,
            ),
            client_ip(),
            user_agent(),
        )
        key = "crisis_text.api.flagged_next" if recorded.flagged else "crisis_text.api.received_next"
        body = {
            "id": recorded.lead_id,
            "next_step_text": t.t(key),
            "safety": {
                "flagged": recorded.flagged,
                "resources": [r.as_dict() for r in resources(perinatal=True, catalogue=t)],
            },
        }
        return body, 201, {"Cache-Control": "no-store"}
