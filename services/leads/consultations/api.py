"""POST /api/leads/assessments/{id}/consultation: preferred days and times for a free consultation."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Api, abort
from flask_smorest.error_handler import ErrorSchema
from marshmallow import Schema, fields, validate

from services.kit.clean_text import CleanString
from services.kit.db_types import utcnow
from services.leads.assessments.schemas import StrictSchema
from services.leads.bootstrap import current_parts
from services.leads.consultations.choice_form import clinic_today
from services.leads.consultations.requests import ConsultationNotOffered, LeadNotFound, request_consultation
from services.leads.consultations.windows import (
    MAX_DAYS_AHEAD,
    Window,
    clinic_hours,
    problems_by_field,
    window_problem_status,
)
from services.leads.settings import LeadsSettings
from services.leads.web.api_blueprint import ApiBlueprint

blp = ApiBlueprint("consultations", __name__, url_prefix="/api/leads", description="Free consultations.")


# What the document cannot say about the windows, and the 409 that answers them.
WINDOW_RULES = (
    f"Each window's day must be one the clinic takes calls on (CLINIC_DAYS, Monday to Friday unless configured "
    f"otherwise), from tomorrow to {MAX_DAYS_AHEAD} days ahead in the clinic's time (US Eastern). These depend "
    "on today and on the clinic's days, so windows that break only them are answered 409 with an error for each "
    "window (`windows.0`, ...); the parts of the day offered are the `period` values the document lists."
)
CALENDAR_CONFLICT = (
    f"a window's day is not one the clinic takes calls on, or not from tomorrow to {MAX_DAYS_AHEAD} days ahead."
)


class PeriodField(CleanString):
    """A part of the day the clinic offers; the document lists this deployment's (CONSULTATION_WINDOWS)."""


class WindowSchema(StrictSchema):
    """A preferred day and part of the day (clinic time, US Eastern): morning, afternoon or late_afternoon."""

    date = fields.Date(required=True)
    period = PeriodField(required=True)


def windows_field() -> fields.List:
    """One to three different preferred windows."""
    return fields.List(
        fields.Nested(WindowSchema),
        required=True,
        validate=validate.Length(min=1, max=3),
        metadata={"uniqueItems": True},
    )


class ConsultationRequestSchema(StrictSchema):
    """One to three preferred windows."""

    windows = windows_field()


def document_periods(api: Api, settings: LeadsSettings) -> None:
    """List the configured parts of the day as the `period` field's choices in the document."""
    keys = list(clinic_hours(settings).keys)

    def periods(_converter: Any, field: Any, ret: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {"enum": keys} if isinstance(field, PeriodField) else {}

    api.ma_plugin.converter.add_attribute_function(periods)


def refuse_unsuitable(windows: list[Window]) -> None:
    """Answer windows the clinic's hours or the calendar refuse: 409 for the calendar alone, 422 otherwise."""
    hours = clinic_hours(current_parts().settings)
    problems = hours.problems(windows, clinic_today(hours, utcnow()))
    if problems:
        abort(
            window_problem_status(problems),
            message="Please check the preferred times.",
            errors={"json": {"windows": problems_by_field(problems)}},
        )


class ConsultationSchema(Schema):
    """The stored request."""

    id = CleanString()
    lead_id = CleanString()
    status = CleanString()
    windows = fields.List(fields.Dict())


@blp.route("/assessments/<lead_id:lead_id>/consultation")
class Consultation(MethodView):
    """Ask for a free consultation."""

    @blp.arguments(ConsultationRequestSchema)
    @blp.response(201, ConsultationSchema)
    @blp.alt_response(404, description="No such assessment.")
    @blp.alt_response(
        409,
        schema=ErrorSchema,
        description=f"A consultation is not offered for this outcome; or, with field errors: {CALENDAR_CONFLICT}",
    )
    @blp.doc(description=WINDOW_RULES)
    def post(self, payload: dict[str, Any], lead_id: str) -> Any:
        """Record preferred windows; a confirmation email with a calendar file follows."""
        windows = [Window(w["date"], w["period"]) for w in payload["windows"]]
        refuse_unsuitable(windows)
        parts = current_parts()
        try:
            consultation_id = request_consultation(parts, lead_id, windows)
        except LeadNotFound:
            abort(404, message="We could not find this assessment.")
        except ConsultationNotOffered as error:
            abort(409, message=str(error))
        return {
            "id": consultation_id,
            "lead_id": lead_id,
            "status": "requested",
            "windows": [{"date": w.day.isoformat(), "period": w.period} for w in windows],
        }
