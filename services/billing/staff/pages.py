"""/admin/billing: find members by email or state and read their membership, payments and history (staff pages)."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, g, render_template, request
from marshmallow import ValidationError, fields

from services.billing.bootstrap import current_parts
from services.billing.staff.actions import refund_due
from services.billing.staff.members import current_subscription, find_members, get_member, members_in_state
from services.billing.staff.schemas import LEAD_ID_MESSAGE, LEAD_ID_PATTERN
from services.billing.staff.timeline import member_history
from services.billing.staff.words import ACCESS_WORDS, STATE_FILTERS, STATUS_WORDS, money, words
from services.kit.audit import record
from services.kit.local_time import local_time
from services.kit.no_store import install_no_store
from services.kit.staff_pages import install_error_pages, staff_page

LEAD_ID = re.compile(LEAD_ID_PATTERN)
bp = Blueprint("billing_staff_pages", __name__, url_prefix="/admin/billing")
install_no_store(bp)  # members' names, emails and payments
install_error_pages(bp)


def audit_read(action: str, target: str) -> None:
    """Every read of a member is recorded, with who read it (kit's audit takes the signed-in person)."""
    with current_parts().container.db.transaction() as session:
        record(session, current_parts().container.infra.audit, action, "member", target, "billing console")


@bp.get("")
@staff_page("clinician")
def members() -> Any:
    """Search members by email, or list those in one state."""
    raw = request.args.get("email", "").strip()[:254]
    state = request.args.get("state", "").strip()
    lead_id = request.args.get("lead_id", "").strip()
    found, error, status = None, "", 200
    if state and state not in STATE_FILTERS:
        error, status = "Please choose one of the listed states.", 422
    elif lead_id:
        if not LEAD_ID.fullmatch(lead_id):
            error, status = LEAD_ID_MESSAGE, 422
        else:
            found = find_members(current_parts(), None, lead_id)
            audit_read("members.search", "by lead")
    elif raw:
        try:
            email = fields.Email().deserialize(raw)
        except ValidationError:
            error, status = "Please enter a whole email address, for example name@example.com.", 422
        else:
            found = find_members(current_parts(), email, None)
            audit_read("members.search", "by email")
    elif state:
        found = members_in_state(current_parts(), STATE_FILTERS[state][1])
        audit_read("members.list", f"state {state}")
    return render_template(
        "billing/staff/members.html",
        email=raw,
        state=state,
        lead_id=lead_id,
        states=STATE_FILTERS,
        found=found,
        error=error,
        words=words,
        access_words=ACCESS_WORDS,
        when=local_time,
    ), status


def render_member(
    customer_id: str, *, notice: str = "", error: str = "", action: str = "", reason: str = "", status: int = 200
) -> Any:
    """Render one member's page, with the outcome of an action or the reason it was refused."""
    parts = current_parts()
    view = get_member(parts, customer_id[:100])
    if view is None:
        abort(404, "No member has this id.")
    audit_read("member.read", customer_id[:100])
    history = member_history(parts, view["customer_id"])
    live = current_subscription(parts, view["customer_id"])
    return render_template(
        "billing/staff/member.html",
        member=view,
        live=live,
        refund_due=refund_due(parts, view["customer_id"]) if live is None else None,
        timeline=history["timeline"],
        failures=history["failures"],
        may_act="admin" in g.staff.roles,
        notice=notice,
        error=error,
        failed_action=action,
        reason=reason,
        words=words,
        access_words=ACCESS_WORDS,
        status_words=STATUS_WORDS,
        money=money,
        when=local_time,
    ), status


@bp.get("/members/<string:customer_id>")
@staff_page("clinician")
def member(customer_id: str) -> Any:
    """One member's membership, invoices, payment failures and history; admins also get the actions."""
    return render_member(customer_id, notice=_DONE.get(request.args.get("done", ""), ""))


# Outcomes shown after an action redirects back to the member page (post, redirect, get).
_DONE = {
    "cancel-at-period-end": "Done: the membership will end at the close of the paid period.",
    "resume": "Done: the cancellation is withdrawn and the membership renews as before.",
    "cancel-now-refund": "Done: the membership has ended and its latest payment is refunded.",
    "cancel-now": "Done: the membership has ended. There was no payment to refund.",
    "resend-manage-link": "Done: a manage-billing link is on its way to the member.",
}
