"""POST /api/leads/assessments/{id}/consultation: preferred days and times for a free consultation."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from services.kit.db_types import utcnow
from services.leads.assessments.schemas import StrictSchema
from services.leads.bootstrap import current_parts
from services.leads.consultations.choice_form import clinic_today
from services.leads.consultations.requests import ConsultationNotOffered, LeadNotFound, request_consultation
from services.leads.consultations.windows import Window, clinic_hours, problems_by_field
from services.leads.web.api_blueprint import ApiBlueprint
from services.kit.clean_text import CleanString

blp = ApiBlueprint("consultations", __name__, url_prefix="/api/leads", description="Free consultations.")


class WindowSchema(StrictSchema):
    """A preferred day and part of the day (clinic time, US Eastern): morning, afternoon or late_afternoon."""

    date = fields.Date(required=True)
    period = CleanString(required=True, validate=validate.Length(min=1, max=40))


class ConsultationRequestSchema(StrictSchema):
    """One to three preferred windows."""

    windows = fields.List(fields.Nested(WindowSchema), required=True, validate=validate.Length(min=1, max=3))


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
    @blp.alt_response(409, description="A consultation is not offered for this outcome.")
    def post(self, payload: dict[str, Any], lead_id: str) -> Any:
        """Record preferred windows; a confirmation email with a calendar file follows."""
        windows = [Window(w["date"], w["period"]) for w in payload["windows"]]
        parts = current_parts()
        hours = clinic_hours(parts.settings)
        problems = hours.problems(windows, clinic_today(hours, utcnow()))
        if problems:
            abort(
                422,
                message="Please check the preferred times.",
                errors={"json": {"windows": problems_by_field(problems)}},
            )
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
