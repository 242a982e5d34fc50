"""The assessment API's request and response at the HTTP edge (marshmallow, unknown fields refused)."""

from __future__ import annotations

from typing import Any

import phonenumbers
from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validate, validates

from services.leads.assessments.domain import load_rules
from services.kit.clean_text import CleanString

NAME = validate.Length(min=1, max=100)
SHORT = validate.Length(max=200)
LONG = validate.Length(max=2000)
POSITIONS = validate.Length(max=40)


def to_e164(raw: str) -> str:
    """Parse a US phone number into E.164, or raise ValidationError."""
    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError("Please enter a phone number, for example (305) 555-0123.") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError("This phone number does not look right. Please check it.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class StrictSchema(Schema):
    """A schema that refuses fields it does not know."""

    class Meta:
        """Refuse or drop fields the schema does not name."""

        unknown = RAISE


class ContactSchema(StrictSchema):
    """Who the visitor is and how to reach them."""

    first_name = CleanString(required=True, validate=NAME)
    last_name = CleanString(required=True, validate=NAME)
    email = fields.Email(required=True, validate=validate.Length(max=254))
    phone = CleanString(load_default=None, allow_none=True, validate=validate.Length(max=32))

    @post_load
    def _normalise(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        phone = (data.get("phone") or "").strip()
        try:
            data["phone"] = to_e164(phone) if phone else None
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from exc
        data["first_name"] = data["first_name"].strip()
        data["last_name"] = data["last_name"].strip()
        if not data["first_name"] or not data["last_name"]:
            raise ValidationError({"first_name" if not data["first_name"] else "last_name": ["Please enter a name."]})
        return data


class LocationSchema(StrictSchema):
    """Where the visitor lives."""

    state = CleanString(required=True, validate=validate.Length(equal=2))
    zip = CleanString(required=True, validate=validate.Length(min=1, max=10))


class PerinatalSchema(StrictSchema):
    """Pregnancy and a new baby."""

    pregnant = fields.Boolean(load_default=False)
    gave_birth_within_12_months = fields.Boolean(load_default=False)
    partner_gave_birth_within_12_months = fields.Boolean(load_default=False)
    breastfeeding = fields.Boolean(load_default=False)


HistorySchema = Schema.from_dict(
    {key: fields.Boolean(load_default=False) for key in load_rules().history_keys}, name="HistorySchema"
)
HistorySchema.Meta.unknown = RAISE  # type: ignore[attr-defined]


class InstrumentsSchema(StrictSchema):
    """Option positions per instrument (0-based, in printed order)."""

    phq9 = fields.List(fields.Integer(strict=True), required=True, validate=POSITIONS)
    gad7 = fields.List(fields.Integer(strict=True), load_default=None, allow_none=True, validate=POSITIONS)
    epds = fields.List(fields.Integer(strict=True), load_default=None, allow_none=True, validate=POSITIONS)


class ConsentSchema(StrictSchema):
    """Each consent separately; only the terms are needed."""

    terms = fields.Boolean(required=True)
    contact_email = fields.Boolean(load_default=False)
    contact_phone = fields.Boolean(load_default=False)
    sms = fields.Boolean(load_default=False)
    newsletter = fields.Boolean(load_default=False)

    @validates("terms")
    def _terms_accepted(self, value: bool, **_: Any) -> None:
        if value is not True:
            raise ValidationError("Please accept the terms and the privacy notice to send your answers.")


class AttributionSchema(StrictSchema):
    """Where the visit came from; click ids are stored, never forwarded."""

    utm_source = CleanString(load_default="", validate=SHORT)
    utm_medium = CleanString(load_default="", validate=SHORT)
    utm_campaign = CleanString(load_default="", validate=SHORT)
    utm_term = CleanString(load_default="", validate=SHORT)
    utm_content = CleanString(load_default="", validate=SHORT)
    referrer = CleanString(load_default="", validate=LONG)
    landing_page = CleanString(load_default="", validate=LONG)
    gclid = CleanString(load_default="", validate=SHORT)
    fbclid = CleanString(load_default="", validate=SHORT)


class AssessmentRequestSchema(StrictSchema):
    """POST /api/leads/assessments body (DESIGN §3)."""

    contact = fields.Nested(ContactSchema, required=True)
    location = fields.Nested(LocationSchema, required=True)
    date_of_birth = fields.Date(required=True)
    perinatal = fields.Nested(PerinatalSchema, load_default=lambda: PerinatalSchema().load({}))
    history = fields.Nested(HistorySchema, load_default=lambda: HistorySchema().load({}))
    medications = CleanString(load_default="", validate=LONG)
    instruments = fields.Nested(InstrumentsSchema, required=True)
    consent = fields.Nested(ConsentSchema, required=True)
    attribution = fields.Nested(AttributionSchema, load_default=lambda: AttributionSchema().load({}))
    website = CleanString(
        load_default="", validate=SHORT, metadata={"description": "Leave empty (a field only robots fill in)."}
    )


class IdempotencyHeaderSchema(Schema):
    """The optional Idempotency-Key header."""

    idempotency_key = CleanString(
        data_key="Idempotency-Key", load_default=None, validate=validate.Length(min=1, max=200)
    )


class ResourceSchema(Schema):
    """A crisis or support line."""

    name = CleanString()
    phone = CleanString()
    text = CleanString()
    url = CleanString(allow_none=True)


class SafetySchema(Schema):
    """Whether the safety screen applies, why, and where to turn."""

    flagged = fields.Boolean()
    reasons = fields.List(CleanString())
    tier = CleanString(allow_none=True)
    resources = fields.List(fields.Nested(ResourceSchema))


class AssessmentResultSchema(Schema):
    """The 201 answer: the lead id, outcome, scores, safety and next step."""

    id = CleanString()
    outcome = CleanString()
    scores = fields.Dict()
    safety = fields.Nested(SafetySchema)
    next_step = CleanString()
    next_step_text = CleanString()
    result_url = CleanString()
    guidance = fields.List(CleanString())
