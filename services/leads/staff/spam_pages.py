"""The spam panel on a lead's page: why a lead was marked, and the staff form to say spam or not spam."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, g, redirect
from sqlalchemy import select

from services.kit.staff_pages import install_error_pages, staff_page
from services.leads.bootstrap import current_parts
from services.leads.staff.audited import audit_event
from services.leads.staff.pipeline import LeadMissing
from services.leads.staff.spam_actions import mark
from services.leads.tables import leads

bp = Blueprint("staff_spam", __name__, url_prefix="/admin/leads")
install_error_pages(bp)

# The URL says not-spam; the database keeps not_spam.
URL_VERDICTS = {"spam": "spam", "not-spam": "not_spam"}
SIGNAL_LABELS = {
    "honeypot": "a hidden field that only robots fill in was filled in",
    "too_fast": "the form was sent faster than a person usually can",
    "ip_rate": "many forms came from the same network address within an hour",
    "email_rate": "this person sent many forms within a day",
}


@dataclass(frozen=True)
class SpamPanel:
    """What the panel shows for one lead."""

    suspected: bool
    signals: list[str]
    decided_by_staff: bool


@bp.app_context_processor
def _panel_loader() -> dict[str, Any]:
    """Let the lead page's spam partial read the panel for its lead."""
    return {"spam_panel": spam_panel}


def spam_panel(lead_id: str) -> SpamPanel:
    """Read the lead's spam mark and the signals seen on its submissions, in words."""
    with current_parts().container.db.transaction() as session:
        row = session.execute(
            select(leads.c.spam_suspected, leads.c.spam_reasons, leads.c.spam_verdict).where(leads.c.id == lead_id)
        ).first()
    if row is None:
        return SpamPanel(False, [], False)
    codes = [c for c in (row.spam_reasons or "").split(",") if c]
    return SpamPanel(bool(row.spam_suspected), [SIGNAL_LABELS.get(c, c) for c in codes], row.spam_verdict is not None)


@bp.post("/<lead_id:lead_id>/spam/<string:verdict>")
@staff_page("clinician")
def set_verdict(lead_id: str, verdict: str) -> Any:
    """Mark a lead as spam or not spam (recorded in its history with who and when)."""
    if verdict not in URL_VERDICTS:
        abort(404, "No such action.")
    try:
        mark(current_parts(), lead_id, g.staff.subject, URL_VERDICTS[verdict])
    except LeadMissing:
        abort(404, "No such lead.")
    audit_event(current_parts(), f"lead.marked_{URL_VERDICTS[verdict]}", "lead", lead_id)
    return redirect(f"/admin/leads/{lead_id}?done=spam#spam", 303)
