"""/admin/billing: find a member by email and read their membership, payments and invoices (staff pages)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request
from marshmallow import ValidationError, fields

from services.billing.bootstrap import current_parts
from services.billing.staff.members import find_members, get_member
from services.kit.audit import record
from services.kit.local_time import local_time
from services.kit.no_store import install_no_store
from services.kit.staff_pages import install_error_pages, staff_page

bp = Blueprint("billing_staff_pages", __name__, url_prefix="/admin/billing")
install_no_store(bp)  # members' names, emails and payments
install_error_pages(bp)

# Words for the states a member and a subscription can be in; an unknown state reads as its own words.
ACCESS_WORDS = {
    "active": "Active",
    "ending": "Active until the end of the paid period, then ending",
    "grace": "Payment failed: still active during the grace period",
    "past_due": "Payment overdue",
    "canceled": "Canceled",
    "incomplete": "First payment not completed",
    "none": "Never subscribed",
}
STATUS_WORDS = {
    "active": "Active",
    "trialing": "Trial",
    "past_due": "Payment overdue",
    "unpaid": "Unpaid",
    "canceled": "Canceled",
    "incomplete": "First payment not completed",
    "incomplete_expired": "First payment never completed",
    "paused": "Paused",
    "paid": "Paid",
    "open": "Open",
    "void": "Void",
    "uncollectible": "Uncollectible",
    "draft": "Draft",
}


def words(table: dict[str, str], code: str | None) -> str:
    """A state in words, never a code or None."""
    if not code:
        return "—"
    return table.get(code, code.replace("_", " ").capitalize())


def money(cents: int | None, currency: str | None = "usd") -> str:
    """$250.00 for 25000 US cents."""
    amount = (cents or 0) / 100
    return f"${amount:,.2f}" if (currency or "usd").lower() == "usd" else f"{amount:,.2f} {(currency or '').upper()}"


def _audit(action: str, target: str) -> None:
    """Every read of a member is recorded, with who read it (kit's audit takes the signed-in person)."""
    with current_parts().container.db.transaction() as session:
        record(session, current_parts().container.infra.audit, action, "member", target, "billing console")


@bp.get("")
@staff_page("clinician")
def members() -> Any:
    """Search members by email."""
    raw = request.args.get("email", "").strip()[:254]
    found, error = None, ""
    if raw:
        try:
            email = fields.Email().deserialize(raw)
        except ValidationError:
            error = "Please enter a whole email address, for example name@example.com."
        else:
            found = find_members(current_parts(), email, None)
            _audit("members.search", "by email")
    return render_template(
        "billing/staff/members.html", email=raw, found=found, error=error, words=words, access_words=ACCESS_WORDS
    ), (422 if error else 200)


@bp.get("/members/<string:customer_id>")
@staff_page("clinician")
def member(customer_id: str) -> Any:
    """One member's membership, payments and invoices."""
    view = get_member(current_parts(), customer_id[:100])
    if view is None:
        abort(404, "No member has this id.")
    _audit("member.read", customer_id[:100])
    return render_template(
        "billing/staff/member.html",
        member=view,
        words=words,
        access_words=ACCESS_WORDS,
        status_words=STATUS_WORDS,
        money=money,
        when=local_time,
    )
