"""POST /api/leads/assessments: the free assessment as a JSON API (DESIGN §3)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import abort
from flask_smorest.error_handler import ErrorSchema

from services.leads.assessments.domain import InvalidAnswers
from services.leads.assessments.domain.assessment import MAX_AGE
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


# What the document cannot say: the date of birth depends on today, and which ZIP codes lie in which state on
# the USPS list. A request breaking only these is well formed, so it is a conflict, not invalid input.
BEYOND_THE_DOCUMENT = frozenset(
    {"date_of_birth_future", "date_of_birth_implausible", "zip_state_mismatch", "zip_unknown"}
)

RULES_BEYOND_THE_DOCUMENT = (
    "Two rules depend on more than the request, so a request that breaks only them is answered 409 with field "
    f"errors: `date_of_birth` must not lie after today nor more than {MAX_AGE} years before it, and `location.zip` "
    "must be a ZIP code of `location.state` (in Florida and New Jersey, one of the state's ZIP prefixes; elsewhere, "
    "a ZIP code on the USPS list for that state). A visitor in a state the clinic does not serve is told so in the "
    "answer, not refused."
)


def invalid_answers(error: InvalidAnswers) -> Any:
    """Answer domain-rejected values with field errors in the request's shape: 409 when only today or the
    ZIP list refuse them, 422 otherwise."""
    codes = {code for found in error.codes.values() for code in found}
    status = 409 if codes <= BEYOND_THE_DOCUMENT else 422
    abort(status, message="Some answers need another look.", errors={"json": nest(error.messages())})


@blp.route("/assessments")
class Assessments(MethodView):
    """Submit an assessment."""

    # Schema instances, not classes: a class would be instantiated (fields deep-copied) on every request.
    @blp.arguments(IdempotencyHeaderSchema(), location="headers", unknown="exclude")
    @blp.arguments(AssessmentRequestSchema())
    @blp.response(201, AssessmentResultSchema())
    @blp.alt_response(
        409,
        schema=ErrorSchema,
        description="The Idempotency-Key was used with a different body; or, with field errors, the date of "
        f"birth lies ahead or more than {MAX_AGE} years back, or the ZIP code is not one of the state's.",
    )
    @blp.doc(description=RULES_BEYOND_THE_DOCUMENT)
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
