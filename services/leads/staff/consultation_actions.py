"""Staff book a consultation from the lead page: confirm a preferred window, or propose another time."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, g, redirect, request

from services.kit.staff_pages import install_error_pages, staff_page
from services.leads.bootstrap import current_parts
from services.leads.consultations.scheduling import ConsultationMissing, NotBookable, confirm_window, propose_time
from services.leads.consultations.windows import clinic_hours
from services.leads.staff.audited import audit_event
from services.leads.staff.consultation_panel import consultation_panel

bp = Blueprint("staff_consultation_actions", __name__, url_prefix="/admin/leads")
install_error_pages(bp)
CARE = ("clinician",)  # admins always pass the role check


@bp.app_context_processor
def _panel() -> dict[str, Any]:
    """Let the lead page's consultation partial read its panel."""
    return {"consultation_panel": lambda lead_id: consultation_panel(current_parts(), lead_id)}


def _clock(raw: str | None) -> time:
    try:
        return time.fromisoformat((raw or "").strip())
    except ValueError:
        abort(422, "Please enter a start time, for example 10:00 AM.")


def _day(raw: str | None) -> date:
    try:
        return date.fromisoformat((raw or "").strip())
    except ValueError:
        abort(422, "Please enter a date for the time you propose.")


@bp.post("/<lead_id:lead_id>/consultations/<consultation_id>/confirm")
@staff_page(*CARE)
def confirm(lead_id: str, consultation_id: str) -> Any:
    """Book one of the visitor's preferred windows at a start time and send the invitation."""
    choice = request.form.get("choice", "")
    if not choice.isdigit():
        abort(422, "Please choose one of the visitor's preferred times.")
    start = _clock(request.form.get("start_time"))
    try:
        confirm_window(current_parts(), lead_id, consultation_id, int(choice), start, g.staff.subject)
    except ConsultationMissing:
        abort(404, "No such consultation.")
    except NotBookable as error:
        abort(409 if "cancelled" in str(error) else 422, str(error))
    audit_event(current_parts(), "lead.consultation_confirmed", "lead", lead_id, f"consultation {consultation_id}")
    return redirect(f"/admin/leads/{lead_id}?done=consultation#consultations", 303)


@bp.post("/<lead_id:lead_id>/consultations/<consultation_id>/propose")
@staff_page(*CARE)
def propose(lead_id: str, consultation_id: str) -> Any:
    """Book another time than the visitor chose and send the invitation."""
    day, clock = _day(request.form.get("day")), _clock(request.form.get("start_time"))
    start = datetime.combine(day, clock, ZoneInfo(clinic_hours(current_parts().settings).tz))
    try:
        propose_time(current_parts(), lead_id, consultation_id, start, g.staff.subject)
    except ConsultationMissing:
        abort(404, "No such consultation.")
    except NotBookable as error:
        abort(409 if "cancelled" in str(error) else 422, str(error))
    audit_event(current_parts(), "lead.consultation_proposed", "lead", lead_id, f"consultation {consultation_id}")
    return redirect(f"/admin/leads/{lead_id}?done=consultation#consultations", 303)
