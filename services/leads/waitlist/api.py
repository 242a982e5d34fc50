"""POST /api/leads/waitlist: join a state's waitlist from the clinic's site, without an assessment."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import abort
from marshmallow import fields, validate

from services.kit.clean_text import CleanString
from services.leads.assessments.domain.zip_check import STATE_CODES
from services.leads.assessments.schemas import StrictSchema
from services.leads.bootstrap import current_parts
from services.leads.checkout.clearance import SERVED_STATES
from services.leads.waitlist.joining import join_directly
from services.leads.web.api_blueprint import ApiBlueprint

blp = ApiBlueprint("waitlist", __name__, url_prefix="/api/leads", description="Waitlist for other states.")


class WaitlistSchema(StrictSchema):
    """An email and a state the clinic does not serve yet."""

    email = fields.Email(required=True, validate=validate.Length(max=254))
    # The document lists only the states a waitlist is for; a served state gets its own friendly refusal.
    state = CleanString(
        required=True,
        validate=validate.OneOf(sorted(STATE_CODES)),
        metadata={"enum": sorted(set(STATE_CODES) - set(SERVED_STATES))},
    )


@blp.route("/waitlist")
class Waitlist(MethodView):
    """Join a waitlist."""

    @blp.arguments(WaitlistSchema)
    @blp.response(202)
    def post(self, payload: dict[str, Any]) -> Any:
        """Add the address to the state's waitlist (the same answer whether or not it was there)."""
        if payload["state"] in SERVED_STATES:
            abort(
                422,
                message="We already serve this state.",
                errors={"json": {"state": ["We already care for people in this state: take the free assessment."]}},
            )
        join_directly(current_parts(), payload["email"], payload["state"])
        return {"state": payload["state"], "joined": True}
