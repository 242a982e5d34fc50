"""Request shapes of the staff JSON API."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from services.kit.clean_text import CleanString
from services.leads.assessments.domain import OUTCOMES
from services.leads.assessments.schemas import StrictSchema
from services.leads.staff.pipeline import STATUSES
from services.leads.web.words import says_something

# A note or a reason must say something: blank text is refused with these words, as the document states.
NOTE = [validate.Length(min=1, max=5000), says_something("Please write a note: it cannot be blank.")]
REASON = [validate.Length(min=1, max=5000), says_something("Please say why: the reason cannot be blank.")]


class QueueQuerySchema(Schema):
    """Filters of the queue."""

    class Meta:
        """Refuse or drop fields the schema does not name."""

        unknown = EXCLUDE

    state = CleanString(validate=validate.Length(equal=2))
    outcome = CleanString(validate=validate.OneOf(OUTCOMES))
    status = CleanString(validate=validate.OneOf(STATUSES))
    safety = CleanString(validate=validate.OneOf(("none", "flagged", "cleared")))
    created_from = fields.Date()
    created_to = fields.Date()
    reason = CleanString(validate=validate.Length(max=500))


class ReadQuerySchema(Schema):
    """Why a record is being read (kept in the audit log)."""

    class Meta:
        """Refuse or drop fields the schema does not name."""

        unknown = EXCLUDE

    reason = CleanString(validate=validate.Length(max=500))


class StatusSchema(StrictSchema):
    """Move a lead along the pipeline."""

    status = CleanString(required=True, validate=validate.OneOf(STATUSES))
    note = CleanString(load_default="", validate=validate.Length(max=5000))


class NoteSchema(StrictSchema):
    """A note; clearing a safety flag needs one."""

    note = CleanString(required=True, validate=NOTE)


class EraseSchema(StrictSchema):
    """Why a person is being erased."""

    reason = CleanString(required=True, validate=REASON)


class FunnelQuerySchema(Schema):
    """Which touch to attribute to, and from when."""

    class Meta:
        """Refuse or drop fields the schema does not name."""

        unknown = EXCLUDE

    touch = CleanString(load_default="first", validate=validate.OneOf(("first", "last")))
    since = fields.Date(load_default=None)


class BreakdownQuerySchema(FunnelQuerySchema):
    """What to group the funnel by, which touch to credit, and from when."""

    by = CleanString(load_default="source", validate=validate.OneOf(("source", "campaign", "landing_page")))
