"""Admins' repair pages: Stripe events whose processing failed, with replay, and reconcile now."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, render_template, request

from services.billing.bootstrap import current_parts
from services.billing.repair.reconcile import ReconcileReport, reconcile
from services.billing.staff.action_pages import MAX_REASON
from services.billing.staff.words import EVENT_WORDS, words
from services.billing.webhooks.failed import failed_events, replay
from services.kit.audit import record
from services.kit.local_time import local_time
from services.kit.no_store import install_no_store
from services.kit.staff_pages import install_error_pages, staff_page

bp = Blueprint("billing_staff_operations", __name__, url_prefix="/admin/billing")
install_no_store(bp)
install_error_pages(bp)


def _reason() -> tuple[str, str]:
    """Return the form's reason, and a message when it is missing or too long."""
    reason = " ".join(request.form.get("reason", "").split())
    if not reason:
        return reason, "Please give a reason; it is kept in the audit log."
    if len(reason) > MAX_REASON:
        return reason, f"Please keep the reason under {MAX_REASON} characters."
    return reason, ""


def _audit(action: str, target: str, reason: str) -> None:
    """Record an admin's repair action with its reason."""
    with current_parts().container.db.transaction() as session:
        record(session, current_parts().container.infra.audit, action, "stripe_events", target, reason)


def plain_error(error: str | None) -> str:
    """The worker's message without the exception's class name in front, e.g. "Stripe unreachable"."""
    if not error:
        return "No message was kept"
    return re.sub(r"^[A-Z][A-Za-z]*(Error|Exception)[^:]*:\s*", "", error)


def _failed_page(notice: str = "", error: str = "", reason: str = "", status: int = 200) -> Any:
    """Render the failed events with the outcome of a replay."""
    rows = failed_events(current_parts().container, limit=200)
    return render_template(
        "billing/staff/failed_events.html",
        rows=rows,
        notice=notice,
        error=error,
        reason=reason,
        words=words,
        plain_error=plain_error,
        event_words=EVENT_WORDS,
        when=local_time,
    ), status


@bp.get("/failed-events")
@staff_page("admin")
def failed() -> Any:
    """List Stripe events billing could not process."""
    _audit("billing.failed_events.read", "failed", "billing console")
    return _failed_page()


@bp.post("/failed-events/replay")
@staff_page("admin")
def replay_failed() -> Any:
    """Queue one failed event (or all of them) to be processed again."""
    reason, error = _reason()
    event_id = request.form.get("event_id", "").strip()[:255]
    every = request.form.get("all") == "yes"
    if error:
        return _failed_page(error=error, reason=reason, status=422)
    if not event_id and not every:
        return _failed_page(error="Please choose an event to replay.", reason=reason, status=422)
    ids = [row["id"] for row in failed_events(current_parts().container, limit=10_000)]
    if not every and event_id not in ids:
        return _failed_page(
            error="That event is not waiting for a replay: it may have been replayed already.", status=409
        )
    count = replay(current_parts().container, None if every else [event_id], every_failed=every)
    _audit("billing.failed_events.replay", "all failed" if every else event_id, reason)
    plural = "event is" if count == 1 else "events are"
    return _failed_page(notice=f"{count} {plural} queued again; the worker processes them within a minute.")


def _report_words(report: ReconcileReport) -> str:
    """Say what a reconcile pass did."""
    checked = f"Checked {report.customers} member{'' if report.customers == 1 else 's'} at Stripe"
    fixed = (
        f"{report.fixed} record{'' if report.fixed == 1 else 's'} corrected" if report.fixed else "everything matched"
    )
    failed = f"; {len(report.failed)} could not be checked, try again later" if report.failed else ""
    return f"{checked}: {fixed}{failed}."


@bp.get("/reconcile")
@staff_page("admin")
def reconcile_page() -> Any:
    """Explain reconcile and offer to run it now."""
    return render_template("billing/staff/reconcile.html", notice="", error="", reason=""), 200


@bp.post("/reconcile")
@staff_page("admin")
def reconcile_now() -> Any:
    """Compare every member's subscriptions and invoices with Stripe now and correct the mirror."""
    reason, error = _reason()
    if error:
        return render_template("billing/staff/reconcile.html", notice="", error=error, reason=reason), 422
    report = reconcile(current_parts())
    _audit("billing.reconcile", "all members", reason)
    return render_template("billing/staff/reconcile.html", notice=_report_words(report), error="", reason=""), 200
