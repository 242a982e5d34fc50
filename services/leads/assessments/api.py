"""POST /api/leads/assessments: the free assessment as a JSON API (DESIGN §3)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import abort

from services.leads.assessments.domain import InvalidAnswers
from services.leads.assessments.idempotency import IdempotencyConflict
from services.leads.assessments.recorded import RequestMeta
from services.leads.assessments.recording import record_assessment
from services.leads.assessments.schemas import (
    AssessmentRequestSchema,
    AssessmentResultSchema,
    IdempotencyHeaderSchema,
)
from services.leads.bootstrap import current_parts
from services.leads.spam.screening import SpamSignals
from services.leads.web.api_blueprint import ApiBlueprint, nest
from services.leads.web.client import client_ip, user_agent

blp = ApiBlueprint("assessments", __name__, url_prefix="/api/leads", description="The free assessment.")


def invalid_answers(error: InvalidAnswers) -> Any:
    """Answer domain-rejected values with 422 and field errors in the request's shape."""
    abort(422, message="Some answers need another look.", errors={"json": nest(error.messages())})


@blp.route("/assessments")
class Assessments(MethodView):
    """Submit an assessment."""

    # Schema instances, not classes: a class would be instantiated (fields deep-copied) on every request.
    @blp.arguments(IdempotencyHeaderSchema(), location="headers", unknown="exclude")
    @blp.arguments(AssessmentRequestSchema())
    @blp.response(201, AssessmentResultSchema())
    @blp.alt_response(409, description="The Idempotency-Key was used with a different body.")
    def post(self, headers: dict[str, Any], payload: dict[str, Any]) -> Any:
        """Score an assessment, store it, and answer with the outcome or the safety screen."""
        meta = RequestMeta(
            ip=client_ip(),
            user_agent=user_agent(),
            idempotency_key=headers.get("idempotency_key"),
            signals=SpamSignals(honeypot=payload.get("website", "")),
        )
        try:
            recorded = record_assessment(current_parts(), payload, meta)
        except InvalidAnswers as error:
            return invalid_answers(error)
        except IdempotencyConflict as error:
            abort(409, message=str(error))
        headers_out = {"Location": f"/api/leads/assessments/{recorded.lead_id}"}
        if recorded.replayed:
            headers_out["Idempotent-Replayed"] = "true"
        return recorded.answer, 201, headers_out
