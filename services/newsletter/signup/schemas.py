"""The sign-up API's request and response bodies."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validate

from services.kit.landing_page import CLEAN_PATH_PATTERN, MAX_LENGTH, is_landing_path
from services.newsletter.signup.identity import EMAIL_PATTERN, MAX_EMAIL_LENGTH, clean_email
from services.newsletter.subscriber_domain.topics import TOPIC_SLUGS

SOURCES = ("website", "embed")


def check_landing(value: str) -> None:
    """Accept a path of our own site, such as /resources/ketamine-and-breastfeeding."""
    if not is_landing_path(value):
        raise ValidationError("The page this form was sent from must be a path of this site, such as /resources.")


class SubscriptionRequestSchema(Schema):
    """A visitor asks to receive the newsletter."""

    class Meta:
        """Refuse fields the API does not know."""

        unknown = RAISE

    # Checked by email-validator (see clean_email); the pattern says the same for an address in ASCII.
    email = fields.String(
        required=True,
        validate=validate.Length(min=3, max=MAX_EMAIL_LENGTH),
        metadata={
            "format": "email",
            "pattern": EMAIL_PATTERN,
            "description": "an address that can receive mail; internationalised addresses are accepted too",
        },
    )
    topics = fields.List(
        fields.String(validate=validate.OneOf(sorted(TOPIC_SLUGS))), load_default=list, validate=validate.Length(max=10)
    )
    first_name = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    source = fields.String(load_default="website", validate=validate.OneOf(SOURCES))
    landing_page = fields.String(
        load_default=None,
        allow_none=True,
        validate=[validate.Length(max=MAX_LENGTH), lambda value: check_landing(value)],
        metadata={"pattern": CLEAN_PATH_PATTERN, "description": "the path of this site the form was sent from"},
    )
    # Left empty by people; bots that fill every field give themselves away.
    website = fields.String(load_default="", validate=validate.Length(max=500))

    @post_load
    def normalise(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        """Normalise the address, or report it as the field's error."""
        try:
            data["email"] = clean_email(data["email"])
        except ValueError as exc:
            raise ValidationError({"email": [f"Enter a valid email address. {exc}"]}) from None
        data["first_name"] = (data.get("first_name") or "").strip() or None
        return data


class SubscriptionAcceptedSchema(Schema):
    """The one answer every sign-up gets, whether or not the address is known."""

    status = fields.String()
    message = fields.String()


ACCEPTED = {
    "status": "accepted",
    "message": "Thank you. If this address can receive our newsletter, a confirmation email is on its way.",
}
