"""Staff JSON API: a member's status and invoices; cancel at period end, resume, cancel now (admin)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from services.billing.bootstrap import current_parts
from services.billing.http_errors import refuse
from services.billing.payments.port import PaymentGatewayError
from services.billing.staff.members import change_subscription, current_subscription, get_member, list_members
from services.billing.staff.schemas import MemberQuerySchema, MemberSchema, ReasonSchema
from services.billing.staff.words import STATE_FILTERS
from services.kit.no_store import install_no_store
from services.kit.staff_auth import require_roles

bp = Blueprint("staff_members", __name__, url_prefix="/api/billing/members", description="Members' billing, for staff")
install_no_store(bp)  # members' names, emails and billing states: never kept by a browser or proxy


@bp.route("")
class Members(MethodView):
    """Members."""

    decorators = [require_roles("clinician")]

    @bp.arguments(MemberQuerySchema, location="query")
    @bp.response(200, MemberSchema(many=True))
    @bp.doc(description="Every filter given applies; with none, every member is listed, a page at a time.")
    def get(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        """Find members by email, lead id or state, or list them: newest first, `limit` from `offset`."""
        return list_members(
            current_parts(),
            email=query.get("email"),
            lead_id=query.get("lead_id"),
            states=STATE_FILTERS[query["state"]][1] if "state" in query else None,
            limit=query["limit"],
            offset=query["offset"],
        )


@bp.route("/<string:customer_id>")
class Member(MethodView):
    """One member."""

    decorators = [require_roles("clinician")]

    @bp.response(200, MemberSchema)
    def get(self, customer_id: str) -> dict[str, Any]:
        """Show a member's access, subscriptions and invoices (hosted page and PDF links)."""
        member = get_member(current_parts(), customer_id)
        if member is None:
            refuse(404, "No such member.")
        return member


def _act(customer_id: str, action: str, reason: str) -> dict[str, Any]:
    """Run a staff action on the member's current subscription and return the member afterwards."""
    parts = current_parts()
    sub = current_subscription(parts, customer_id)
    if sub is None:
        refuse(409, "This member has no subscription that can be changed.")
    try:
        change_subscription(parts, sub["id"], action, reason)
    except PaymentGatewayError as exc:
        refuse(503 if exc.retryable else 409, f"Stripe refused the change: {exc}")
    return get_member(parts, customer_id) or {}


@bp.route("/<string:customer_id>/cancel-at-period-end", methods=["POST"])
@require_roles("clinician")
@bp.arguments(ReasonSchema)
@bp.response(200, MemberSchema)
def cancel_at_period_end(body: dict[str, Any], customer_id: str) -> dict[str, Any]:
    """Cancel the membership at the end of the paid period."""
    return _act(customer_id, "cancel_at_period_end", body["reason"])


@bp.route("/<string:customer_id>/resume", methods=["POST"])
@require_roles("clinician")
@bp.arguments(ReasonSchema)
@bp.response(200, MemberSchema)
def resume(body: dict[str, Any], customer_id: str) -> dict[str, Any]:
    """Withdraw a cancellation at period end."""
    return _act(customer_id, "resume", body["reason"])


@bp.route("/<string:customer_id>/cancel-now", methods=["POST"])
@require_roles("admin")
@bp.arguments(ReasonSchema)
@bp.response(200, MemberSchema)
def cancel_now(body: dict[str, Any], customer_id: str) -> dict[str, Any]:
    """End the membership at once (admins only)."""
    return _act(customer_id, "cancel_now", body["reason"])
