"""Staff JSON API for clinicians and intake: the queue, a lead's record, and changes to it."""

from __future__ import annotations

from typing import Any

from flask import g
from flask_smorest import abort

from services.kit.no_store import install_no_store
from services.kit.staff_auth import require_roles
from services.leads.bootstrap import current_parts
from services.leads.staff import pipeline, safety_actions
from services.leads.staff.audited import audit_event
from services.leads.staff.lead_record import NoSuchLead, lead_record
from services.leads.staff.queue import QueueFilters, queue
from services.leads.staff.schemas import EraseSchema, NoteSchema, QueueQuerySchema, ReadQuerySchema, StatusSchema
from services.leads.web.api_blueprint import ApiBlueprint

blp = ApiBlueprint("staff_leads", __name__, url_prefix="/api/leads/staff", description="Clinicians' queue and records.")
install_no_store(blp)
CARE = ("clinician",)


@blp.route("/queue", methods=["GET"])
@require_roles(*CARE)
@blp.arguments(QueueQuerySchema, location="query")
@blp.response(200)
def get_queue(args: dict[str, Any]) -> Any:
    """List leads to work on: safety tier first, then severity, then waiting time."""
    reason = args.pop("reason", None)
    entries = queue(current_parts(), QueueFilters(**args))
    audit_event(current_parts(), "queue.read", "queue", "leads", reason or f"{len(entries)} leads listed")
    return {"leads": entries}


@blp.route("/leads/<lead_id:lead_id>", methods=["GET"])
@require_roles(*CARE)
@blp.arguments(ReadQuerySchema, location="query")
@blp.response(200)
def get_lead(args: dict[str, Any], lead_id: str) -> Any:
    """Read one lead's whole record (audit-logged)."""
    try:
        record = lead_record(current_parts(), lead_id)
    except NoSuchLead:
        abort(404, message="No such lead.")
    audit_event(current_parts(), "lead.read", "lead", lead_id, args.get("reason"))
    return record


def _changed(action: str, lead_id: str, reason: str | None = None) -> dict[str, Any]:
    audit_event(current_parts(), action, "lead", lead_id, reason)
    return lead_record(current_parts(), lead_id)


@blp.route("/leads/<lead_id:lead_id>/status", methods=["POST"])
@require_roles(*CARE)
@blp.arguments(StatusSchema)
@blp.response(200)
def post_status(args: dict[str, Any], lead_id: str) -> Any:
    """Move a lead along the pipeline, recording who and when."""
    try:
        before = pipeline.move(current_parts(), lead_id, args["status"], g.staff.subject, args["note"])
    except pipeline.LeadMissing:
        abort(404, message="No such lead.")
    except pipeline.PipelineError as error:
        abort(409, message=str(error))
    return _changed("lead.status_changed", lead_id, f"{before} -> {args['status']}")


@blp.route("/leads/<lead_id:lead_id>/notes", methods=["POST"])
@require_roles(*CARE)
@blp.arguments(NoteSchema)
@blp.response(201)
def post_note(args: dict[str, Any], lead_id: str) -> Any:
    """Add a note to a lead."""
    try:
        pipeline.add_note(current_parts(), lead_id, g.staff.subject, args["note"])
    except pipeline.LeadMissing:
        abort(404, message="No such lead.")
    return _changed("lead.note_added", lead_id)


@blp.route("/leads/<lead_id:lead_id>/safety/acknowledge", methods=["POST"])
@require_roles(*CARE)
@blp.response(200)
def post_acknowledge(lead_id: str) -> Any:
    """Acknowledge the lead's open safety alerts (stops the escalation)."""
    try:
        count = safety_actions.acknowledge(current_parts(), lead_id, g.staff.subject)
    except pipeline.LeadMissing:
        abort(404, message="No such lead.")
    return _changed("lead.alert_acknowledged", lead_id, f"{count} alerts")


@blp.route("/leads/<lead_id:lead_id>/safety/clear", methods=["POST"])
@require_roles(*CARE)
@blp.arguments(NoteSchema)
@blp.response(200)
def post_clear(args: dict[str, Any], lead_id: str) -> Any:
    """Clear a safety flag; a note is required."""
    try:
        safety_actions.clear_flag(current_parts(), lead_id, g.staff.subject, args["note"])
    except pipeline.LeadMissing:
        abort(404, message="No such lead.")
    except safety_actions.NotFlagged as error:
        abort(409, message=str(error))
    except ValueError as error:
        abort(422, message=str(error), errors={"json": {"note": [str(error)]}})
    return _changed("lead.safety_cleared", lead_id)


@blp.route("/leads/<lead_id:lead_id>/erase", methods=["POST"])
@require_roles(*CARE)
@blp.arguments(EraseSchema)
@blp.response(200)
def post_erase(args: dict[str, Any], lead_id: str) -> Any:
    """Erase one person on request: contact details and answers removed, counts kept."""
    try:
        safety_actions.erase(current_parts(), lead_id, g.staff.subject, args["reason"])
    except pipeline.LeadMissing:
        abort(404, message="No such lead.")
    audit_event(current_parts(), "lead.erased", "lead", lead_id, args["reason"])
    return {"id": lead_id, "erased": True}
