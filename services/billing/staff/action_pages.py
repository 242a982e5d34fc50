"""The member page's forms: cancel at period end, resume, cancel now with a refund, resend the manage link (admins)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, redirect, request

from services.billing.bootstrap import BillingParts, current_parts
from services.billing.staff import actions
from services.billing.staff.members import get_member
from services.billing.staff.pages import render_member
from services.kit.staff_pages import install_error_pages, staff_page

bp = Blueprint("billing_staff_actions", __name__, url_prefix="/admin/billing/members")
install_error_pages(bp)

MAX_REASON = 500


def _resend(parts: BillingParts, customer_id: str, reason: str) -> str:
    """Resend the manage-billing link to the member's address."""
    member = get_member(parts, customer_id)
    return actions.resend_manage_link(parts, customer_id, str(member["email"]) if member else "", reason)


ACTIONS: dict[str, Callable[[BillingParts, str, str], str]] = {
    "cancel-at-period-end": actions.cancel_at_period_end,
    "resume": actions.resume,
    "cancel-now-refund": actions.cancel_now_with_refund,
    "resend-manage-link": _resend,
}


@bp.post("/<string:customer_id>/<string:action>")
@staff_page("admin")
def act(customer_id: str, action: str) -> Any:
    """Run one action with its reason; a refusal answers the member page with the message and changes nothing."""
    customer_id = customer_id[:100]
    parts = current_parts()
    member = get_member(parts, customer_id)
    reason = " ".join(request.form.get("reason", "").split())
    if member is None:
        return render_member(customer_id)  # answers the staff 404 page
    customer_id = str(member["customer_id"])
    run = ACTIONS.get(action)
    if run is None:
        return render_member(customer_id, error="That action does not exist.", status=404)
    if not reason:
        return render_member(
            customer_id, error="Please give a reason; it is kept in the audit log.", action=action, status=422
        )
    if len(reason) > MAX_REASON:
        return render_member(
            customer_id,
            error=f"Please keep the reason under {MAX_REASON} characters.",
            action=action,
            reason=reason,
            status=422,
        )
    try:
        done = run(parts, customer_id, reason)
    except actions.ActionRefused as refused:
        return render_member(customer_id, error=refused.message, action=action, reason=reason, status=refused.status)
    return redirect(f"/admin/billing/members/{customer_id}?done={done}", 303)
