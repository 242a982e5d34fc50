"""The assessment API's request and response at the HTTP edge (marshmallow, unknown fields refused)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Api
from marshmallow import RAISE, Schema, fields, post_load, validate

from services.kit.clean_text import CleanString
from services.kit.whole_number import WholeNumber
from services.leads.assessments.domain import EPDS, GAD7, PHQ9, Instrument, load_rules
from services.leads.assessments.domain.eligibility import PERINATAL_PERIOD_ANSWERS
from services.leads.assessments.domain.zip_check import STATE_CODES, ZIP_PATTERN
from services.leads.catalogue import Catalogue
from services.leads.web.us_phone import DialablePhone, to_e164
from services.leads.web.words import says_something

__all__ = ["to_e164"]

SHORT = validate.Length(max=200)
LONG = validate.Length(max=2000)
_ERRORS = Catalogue.load("en")


def phone_field(max_length: int) -> CleanString:
    """An optional phone number: blank, or one the intake team can dial (the document states the pattern)."""
    return CleanString(load_default=None, allow_none=True, validate=[validate.Length(max=max_length), DialablePhone()])


def name_field() -> CleanString:
    """A first or last name: up to 100 characters, not only spaces."""
    # The pattern asks for a character other than a space, so a length floor would only repeat the words.
    return CleanString(required=True, validate=[validate.Length(max=100), says_something("Please enter a name.")])


class StrictSchema(Schema):
    """A schema that refuses fields it does not know."""

    class Meta:
        """Refuse or drop fields the schema does not name."""

        unknown = RAISE


class ContactSchema(StrictSchema):
    """Who the visitor is and how to reach them."""

    first_name = name_field()
    last_name = name_field()
    email = fields.Email(required=True, validate=validate.Length(max=254))
    phone = phone_field(32)

    @post_load
    def _normalise(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        phone = (data.get("phone") or "").strip()
        data["phone"] = to_e164(phone) if phone else None
        data["first_name"] = data["first_name"].strip()
        data["last_name"] = data["last_name"].strip()
        return data


class LocationSchema(StrictSchema):
    """Where the visitor lives."""

    state = CleanString(
        required=True, validate=validate.OneOf(sorted(STATE_CODES), error=_ERRORS.t("errors.state_unknown"))
    )
    zip = CleanString(
        required=True,
        validate=[validate.Length(max=16), validate.Regexp(ZIP_PATTERN, error=_ERRORS.t("errors.zip_format"))],
        metadata={"description": "A ZIP code in the state; in Florida and New Jersey it decides the county."},
    )


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


def positions(instrument: Instrument, **kwargs: Any) -> fields.List:
    """One answer per item, as the chosen option's position; the domain checks the count and range documented here.

    The domain's own check keeps its words ("Please answer all 9 questions", "Question 3: ...").
    """
    options = {len(scores) for scores in instrument.option_scores}
    if len(options) != 1:  # one "maximum" per list can only say so when every item has as many options
        raise ValueError(f"{instrument.label}: items with different numbers of options")
    count = instrument.item_count
    return fields.List(
        WholeNumber(metadata={"minimum": 0, "maximum": options.pop() - 1}),
        metadata={
            "minItems": count,
            "maxItems": count,
            "description": f"The {instrument.label}: {count} answers, each the 0-based position of the option chosen.",
        },
        **kwargs,
    )


class InstrumentsSchema(StrictSchema):
    """Option positions per instrument (0-based, in printed order)."""

    phq9 = positions(PHQ9, required=True)
    gad7 = positions(GAD7, load_default=None, allow_none=True)
    epds = positions(EPDS, load_default=None, allow_none=True)


class ConsentSchema(StrictSchema):
    """Each consent separately; only the terms are needed."""

    terms = fields.Boolean(
        required=True,
        validate=validate.Equal(True, error="Please accept the terms and the privacy notice to send your answers."),
    )
    contact_email = fields.Boolean(load_default=False)
    contact_phone = fields.Boolean(load_default=False)
    sms = fields.Boolean(load_default=False)
    newsletter = fields.Boolean(load_default=False)


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


# The one rule across fields, which marshmallow leaves to the domain ("epds_required"): in the perinatal
# period the EPDS is answered too.
EPDS_IN_THE_PERINATAL_PERIOD = {
    "if": {
        "required": ["perinatal"],
        "properties": {
            "perinatal": {
                "anyOf": [
                    {"required": [answer], "properties": {answer: {"const": True}}}
                    for answer in PERINATAL_PERIOD_ANSWERS
                ]
            }
        },
    },
    "then": {"properties": {"instruments": {"required": ["epds"], "properties": {"epds": {"type": "array"}}}}},
}


def document_epds_rule(api: Api) -> None:
    """State in the document that a visitor who is pregnant or had a baby in the last year answers the EPDS."""
    api.spec.components.schemas["AssessmentRequest"].update(EPDS_IN_THE_PERINATAL_PERIOD)


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
