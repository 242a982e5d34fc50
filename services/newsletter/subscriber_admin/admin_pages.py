"""Staff pages for subscribers: list and search, CSV export; plus the JSON list for scripts."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template, request, stream_with_context
from flask.typing import ResponseReturnValue

from services.kit.audit import record
from services.kit.no_store import install_no_store
from services.kit.staff_auth import require_roles
from services.kit.staff_pages import staff_page
from services.newsletter.bootstrap import current_parts
from services.newsletter.subscriber_admin.listing import PAGE_SIZE, STATUSES, export_csv, search

bp = Blueprint("subscriber_admin", __name__)
install_no_store(bp)  # the list and its JSON show subscribers' addresses
marketer = require_roles("marketer")
marketer_page = staff_page("marketer")  # pages send someone signed out to sign in; the JSON list answers 401


def _query() -> tuple[str | None, str | None, int]:
    """Read q, status and page from the query string."""
    page = request.args.get("page", "1")
    return request.args.get("q") or None, request.args.get("status") or None, int(page) if page.isdigit() else 1


@bp.get("/admin/newsletter/subscribers")
@marketer_page
def subscriber_list() -> ResponseReturnValue:
    """List and search subscribers."""
    q, status, page = _query()
    with current_parts().db.transaction() as session:
        rows, total = search(session, q, status, page)
    return render_template(
        "newsletter/admin/subscribers.html",
        rows=rows,
        total=total,
        q=q or "",
        status=status or "",
        page=page,
        statuses=STATUSES,
        pages=max(1, -(-total // PAGE_SIZE)),
    )


@bp.get("/api/newsletter/subscribers")
@marketer
def subscriber_json() -> ResponseReturnValue:
    """List and search subscribers as JSON (q, status, page)."""
    q, status, page = _query()
    with current_parts().db.transaction() as session:
        rows, total = search(session, q, status, page)
    items = [
        {
            k: (v.isoformat() if hasattr(v, "isoformat") else v)
            for k, v in r.items()
            if k not in ("email_hash", "confirm_nonce", "signup_mails_day", "signup_mails_sent")
        }
        for r in rows
    ]
    return jsonify({"items": items, "total": total, "page": page, "page_size": PAGE_SIZE})


@bp.get("/admin/newsletter/subscribers/export.csv")
@marketer_page
def subscriber_export() -> Response:
    """Download matching subscribers as CSV; the export itself is audited."""
    q, status, _ = _query()
    nl = current_parts()
    with nl.db.transaction() as session:
        record(session, nl.container.infra.audit, "subscribers.export", "subscribers", status or "all")
    response = Response(stream_with_context(export_csv(nl.db, q, status)), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="subscribers.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response
