"""/admin/leads/privacy-requests: every privacy request and each service's part, for admins (read is audited)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from sqlalchemy import select

from services.kit.local_time import local_time
from services.kit.no_store import install_no_store
from services.kit.staff_pages import install_error_pages, staff_page
from services.leads.bootstrap import LeadsParts, current_parts
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.staff.audited import audit_event
from services.leads.staff.staff_names import actor_name, staff_emails
from services.leads.tables import privacy_requests

bp = Blueprint("privacy_admin_pages", __name__, url_prefix="/admin/leads/privacy-requests")
install_error_pages(bp)
install_no_store(bp)

KIND_WORDS = {"export": "Copy of their information", "erase": "Erasure"}
STATUS_WORDS = {"unconfirmed": "Waiting for the person to confirm", "running": "In progress", "done": "Done"}
PAGE = 200


def request_rows(parts: LeadsParts) -> list[dict[str, Any]]:
    """The newest requests in words and Eastern time; no address is ever shown."""
    with parts.container.db.transaction() as session:
        rows = session.execute(
            select(privacy_requests).order_by(privacy_requests.c.created_at.desc()).limit(PAGE)
        ).all()
        emails = staff_emails(session, (r.requested_by for r in rows))
    t = page_catalogue("en")
    return [
        {
            "received": local_time(r.created_at),
            "kind": KIND_WORDS[r.kind],
            "asked_by": "The person, by email" if r.origin == "visitor" else actor_name(r.requested_by, emails, t),
            "status": STATUS_WORDS[r.status],
            "services": [
                (name, local_time(getattr(r, f"{key}_done_at")) or "Not yet")
                for key, name in (("leads", "Assessments"), ("newsletter", "Newsletter"), ("billing", "Billing"))
            ],
            "completed": local_time(r.completed_at),
            "downloaded": local_time(r.downloaded_at),
            "confirmed": r.confirmed_at is not None,
        }
        for r in rows
    ]


@bp.get("")
@staff_page("admin")
def list_page() -> Any:
    """The requests, newest first, with each service's completion."""
    parts = current_parts()
    rows = request_rows(parts)
    audit_event(parts, "privacy_requests.viewed", "privacy_requests", "all", f"{len(rows)} rows")
    return render_template("staff/privacy_requests.html", rows=rows, limit=PAGE)
