"""The campaign API's bodies."""

from __future__ import annotations

from marshmallow import EXCLUDE, RAISE, Schema, fields, validate

from services.kit.clean_text import OneLineString
from services.kit.whole_number import WholeNumber
from services.newsletter.campaigns.domain.audience import EVERYONE
from services.newsletter.campaigns.domain.merge_fields import SYNTAX_HINT
from services.newsletter.campaigns.domain.rendering import (
    EMPTY_MESSAGE,
    MARKDOWN_DOCUMENTED,
    MAX_PREHEADER_LENGTH,
    MAX_SUBJECT_LENGTH,
    ONE_LINE_MESSAGE,
    PREHEADER_DOCUMENTED,
    SLUG_PATTERN,
    SUBJECT_DOCUMENTED,
    SUBJECT_PATTERN,
)
from services.newsletter.campaigns.domain.schedule import ZONE_NAMES
from services.newsletter.subscriber_domain.topics import TOPIC_SLUGS

MERGE_FIELDS = f"double braces only around merge fields: {SYNTAX_HINT}"
AUDIENCES = sorted([EVERYONE, *TOPIC_SLUGS])


class HeaderLine(OneLineString):
    """A subject or preheader: the kit's one-line rule, in the words the campaign page has always shown."""

    message = ONE_LINE_MESSAGE


class CampaignInSchema(Schema):
    """A new campaign."""

    class Meta:
        """Refuse fields the API does not know."""

        unknown = RAISE

    slug = fields.String(
        required=True,
        validate=validate.Regexp(SLUG_PATTERN, error="Use lowercase letters, digits, '-' and '_'."),
    )
    # Each documented pattern is the field's checks here and the renderer's merge-field grammar in one.
    subject = HeaderLine(
        required=True,
        validate=[
            validate.Length(min=1, max=MAX_SUBJECT_LENGTH),
            validate.Regexp(SUBJECT_PATTERN, error=EMPTY_MESSAGE),
        ],
        metadata={"pattern": SUBJECT_DOCUMENTED, "description": MERGE_FIELDS},
    )
    preheader = HeaderLine(
        load_default="",
        validate=validate.Length(max=MAX_PREHEADER_LENGTH),
        metadata={"pattern": PREHEADER_DOCUMENTED, "description": MERGE_FIELDS},
    )
    markdown = fields.String(
        required=True,
        validate=validate.Length(min=1, max=200_000),
        metadata={"pattern": MARKDOWN_DOCUMENTED, "description": f"CommonMark; {MERGE_FIELDS}"},
    )
    audience = fields.String(load_default=EVERYONE, validate=validate.OneOf(AUDIENCES))


class CampaignPatchSchema(CampaignInSchema):
    """Changes to a campaign that has not started sending."""

    class Meta:
        """Refuse fields the API does not know."""

        unknown = RAISE
        partial = True


class CampaignOutSchema(Schema):
    """A campaign as the API shows it."""

    id = fields.Integer()
    slug = fields.String()
    subject = fields.String()
    preheader = fields.String()
    markdown = fields.String()
    audience = fields.String()
    state = fields.String()
    send_at = fields.DateTime(allow_none=True)
    timezone = fields.String(allow_none=True)
    total = fields.Integer()
    created_by = fields.String()
    created_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)


class ConfirmationSchema(Schema):
    """The audience the caller was shown (GET …/audience) and confirms sending to."""

    class Meta:
        """Refuse fields the API does not know."""

        unknown = RAISE

    audience_count = WholeNumber(required=True, validate=validate.Range(min=0))
    confirmation = fields.String(required=True, validate=validate.Length(min=1, max=64))


class ScheduleSchema(ConfirmationSchema):
    """When to send: a time with an offset (or a local time and its IANA zone); and the confirmed audience."""

    send_at = fields.String(
        required=True,
        validate=validate.Length(min=10, max=40),
        metadata={
            "format": "date-time",
            "description": (
                "an RFC 3339 time, e.g. 2026-11-04T09:00:00-05:00; a local time without an offset, "
                "e.g. 2026-11-04T09:00, is read in `timezone` (a time the clocks skip is refused)"
            ),
        },
    )
    timezone = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(ZONE_NAMES, error="Choose an IANA time zone, such as America/New_York."),
        metadata={"description": "the IANA time zone a local send time is in"},
    )


class ScheduleCheckSchema(Schema):
    """A send time to check before the confirmation step."""

    class Meta:
        """Ignore the form's other fields (its CSRF token)."""

        unknown = EXCLUDE

    send_at = fields.String(required=True, validate=validate.Length(min=10, max=40))
    timezone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))


class AudienceSchema(Schema):
    """Who a send would reach now, and the token that confirms exactly that audience."""

    audience = fields.String()
    audience_label = fields.String()
    count = fields.Integer()
    confirmation = fields.String()


class TestSendSchema(Schema):
    """Where to send a test copy."""

    class Meta:
        """Refuse fields the API does not know."""

        unknown = RAISE

    email = fields.Email(required=True, validate=validate.Length(max=320))


class TestSendAcceptedSchema(Schema):
    """A test copy is queued."""

    subject = fields.String()


class PreviewSchema(Schema):
    """The rendered campaign, merge fields filled with the values of `shown_for`."""

    subject = fields.String()
    html = fields.String()
    text = fields.String()
    shown_for = fields.String()


class ProgressSchema(Schema):
    """Live figures of a send."""

    id = fields.Integer()
    state = fields.String()
    total = fields.Integer()
    sent = fields.Integer()
    failures = fields.Integer()
    possibly_duplicated = fields.Integer()
    rate_per_second = fields.Float()
    recipients = fields.Dict(keys=fields.String(), values=fields.Integer())
    batches = fields.Dict(keys=fields.String(), values=fields.Integer())
    engagement = fields.Dict(keys=fields.String(), values=fields.Integer())
    batch_errors = fields.List(fields.Dict())
    started_at = fields.String(allow_none=True)
    finished_at = fields.String(allow_none=True)
