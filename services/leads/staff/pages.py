"""Staff pages under /admin/leads: the queue, a lead's page and its actions."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, g, redirect, render_template, request

from services.kit.db_types import utcnow
from services.kit.no_store import install_no_store
from services.kit.staff_pages import install_error_pages, staff_page
from services.leads.assessments.domain import OUTCOMES
from services.leads.bootstrap import current_parts
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.staff import pipeline, safety_actions
from services.leads.staff.audited import audit_event
from services.leads.staff.erase_page import erase_form, erase_step
from services.leads.staff.lead_record import NoSuchLead, lead_record
from services.leads.staff.queue import QueueFilters, queue
from services.leads.staff.queue_view import queue_rows
from services.leads.staff.record_labels import label, statuses_in_words
from services.leads.staff.record_view import lead_view, status_choices

bp = Blueprint("staff_pages", __name__, url_prefix="/admin/leads")
install_error_pages(bp)
install_no_store(bp)
CARE = ("clinician",)


def _day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@bp.get("")
@staff_page(*CARE)
def queue_page() -> Any:
    """Show the queue, most urgent first, with filters."""
    args = request.args
    filters = QueueFilters(
        state=(args.get("state") or "").upper()[:2] if (args.get("state") or "").isalpha() else None,
        outcome=args.get("outcome") if args.get("outcome") in OUTCOMES else None,
        status=args.get("status") if args.get("status") in pipeline.STATUSES else None,
        created_from=_day(args.get("created_from")),
        created_to=_day(args.get("created_to")),
    )
    entries = queue(current_parts(), filters)
    audit_event(current_parts(), "queue.read", "queue", "leads", f"{len(entries)} leads listed")
    t = page_catalogue("en")
    return render_template(
        "staff/queue.html",
        leads=queue_rows(current_parts(), entries, t, utcnow()),
        filters=filters,
        outcomes=[(o, label(t, "outcome", o)) for o in OUTCOMES],
        statuses=status_choices(pipeline.STATUSES, t),
    )


@bp.get("/<lead_id:lead_id>")
@staff_page(*CARE)
def lead_page(lead_id: str) -> Any:
    """Show one lead's record (audit-logged)."""
    try:
        record = lead_record(current_parts(), lead_id)
    except NoSuchLead:
        abort(404, "No such lead.")
    audit_event(current_parts(), "lead.read", "lead", lead_id, request.args.get("reason") or "lead page")
    t = page_catalogue("en")
    return render_template(
        "staff/lead.html",
        lead=record,
        view=lead_view(current_parts(), record, t, utcnow()),
        message=DONE_MESSAGES.get(request.args.get("done", ""), ""),
        next_statuses=status_choices(pipeline.TRANSITIONS.get(record["status"], ()), t),
        # Declining someone who has paid cancels and refunds their membership: staff are told before they choose.
        decline_refunds=bool(record.get("subscription_id"))
        and "declined" in pipeline.TRANSITIONS.get(record["status"], ()),
    )


@bp.get("/<lead_id:lead_id>/erase")
@staff_page(*CARE)
def erase_page(lead_id: str) -> Any:
    """Ask for confirmation before erasing a person, naming what will be erased."""
    try:
        return erase_form(current_parts(), lead_id, page_catalogue("en"))
    except NoSuchLead:
        abort(404, "No such lead.")


# What the page says after each form action; anything else in ?done= is ignored, never echoed.
DONE_MESSAGES = {
    "status": "Status changed.",
    "notes": "Note added.",
    "acknowledge": "Alert acknowledged. The escalation is stopped; the safety flag stays until you clear it.",
    "clear": "Safety flag cleared. Marketing messages to this person are allowed again.",
    "erase": "This person's details were erased.",
    "spam": "Spam check saved.",
}


def _back(lead_id: str, done: str) -> Any:
    return redirect(f"/admin/leads/{lead_id}?done={done}", 303)


@bp.post("/<lead_id:lead_id>/<string:action>")
@bp.post("/<lead_id:lead_id>/safety/<string:action>")
@staff_page(*CARE)
def lead_action(lead_id: str, action: str) -> Any:
    """Apply a form action: status, notes, safety acknowledge/clear, erase (only once confirmed)."""
    parts, actor, form = current_parts(), g.staff.subject, request.form
    note = form.get("note", "").strip()[:5000]
    try:
        if action == "erase":
            return erase_step(parts, lead_id, actor, form, page_catalogue("en"))
        if action == "status":
            before = pipeline.move(parts, lead_id, form.get("status", ""), actor, note)
            audit_event(parts, "lead.status_changed", "lead", lead_id, f"{before} -> {form.get('status')}")
        elif action == "notes" and note:
            pipeline.add_note(parts, lead_id, actor, note)
            audit_event(parts, "lead.note_added", "lead", lead_id)
        elif action == "acknowledge":
            safety_actions.acknowledge(parts, lead_id, actor)
            audit_event(parts, "lead.alert_acknowledged", "lead", lead_id)
        elif action == "clear":
            safety_actions.clear_flag(parts, lead_id, actor, note)
            audit_event(parts, "lead.safety_cleared", "lead", lead_id)
        else:
            abort(422, "This action needs its fields filled in.")
    except (pipeline.LeadMissing, NoSuchLead):
        abort(404, "No such lead.")
    except (pipeline.PipelineError, safety_actions.NotFlagged) as error:
        abort(409, statuses_in_words(str(error), page_catalogue("en")))
    except ValueError as error:
        abort(422, str(error))
    return _back(lead_id, action)
