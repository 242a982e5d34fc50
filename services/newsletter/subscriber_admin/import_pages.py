"""Staff pages for CSV imports: upload with a consent source, map columns, watch progress, read rejected lines."""

from __future__ import annotations

import csv
import io
import json

from flask import Blueprint, Response, g, jsonify, redirect, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from services.kit.audit import record
from services.kit.local_time import local_time
from services.kit.no_store import install_no_store
from services.kit.staff_auth import require_roles
from services.kit.staff_pages import staff_page
from services.newsletter.bootstrap import current_parts
from services.newsletter.subscriber_admin import import_jobs
from services.newsletter.subscriber_admin.import_jobs import IMPORT_FIELDS, STATUSES, ImportRefused, Upload
from services.newsletter.tables import subscriber_imports

bp = Blueprint("import_admin", __name__)
install_no_store(bp)  # rejected lines show people's addresses
marketer = require_roles("marketer")  # the JSON status answers 401
marketer_page = staff_page("marketer")  # pages send someone signed out to sign in and back
# Imports are larger than other staff forms; the gateway allows newsletter staff pages 10 MiB.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SHOWN_REJECTS = 200
STATE_LABELS = {
    "mapping": "Waiting for its columns",
    "queued": "Waiting to start",
    "running": "Importing",
    "done": "Finished",
    "failed": "Stopped",
}


def _list_page(
    errors: dict[str, list[str]] | None = None, values: dict[str, str] | None = None, status: int = 200
) -> tuple[str, int]:
    """Render the upload form and the recent imports."""
    with current_parts().db.transaction() as session:
        rows = session.execute(select(subscriber_imports).order_by(subscriber_imports.c.id.desc()).limit(50)).all()
    page = render_template(
        "newsletter/admin/imports.html",
        rows=rows,
        rejected_counts={row.id: len(json.loads(row.rejected or "[]")) for row in rows},
        errors=errors or {},
        values=values or {"status": "pending"},
        statuses=STATUSES,
        states=STATE_LABELS,
        local_time=local_time,
    )
    return page, status


@bp.get("/admin/newsletter/imports")
@marketer_page
def import_list() -> ResponseReturnValue:
    """Show the upload form and the recent imports."""
    return _list_page()


@bp.post("/admin/newsletter/imports")
@marketer_page
def upload() -> ResponseReturnValue:
    """Store the uploaded file and ask for its column mapping."""
    request.max_content_length = MAX_UPLOAD_BYTES
    nl = current_parts()
    file = request.files.get("file")
    values = {"consent_source": request.form.get("consent_source", ""), "status": request.form.get("status", "")}
    given = Upload(
        filename=(file.filename or "") if file else "",
        content=file.read() if file else b"",
        consent_source=values["consent_source"],
        status=values["status"],
    )
    try:
        with nl.db.transaction() as session:
            import_id = import_jobs.create_upload(session, given, g.staff.subject)
            record(session, nl.container.infra.audit, "subscribers.import_upload", "subscriber_import", str(import_id))
    except ImportRefused as exc:
        return _list_page(exc.errors, values, exc.status)
    return redirect(f"/admin/newsletter/imports/{import_id}", code=303)


def _detail(import_id: int, errors: dict[str, list[str]] | None = None, status: int = 200) -> ResponseReturnValue:
    """Render the mapping form (before the start) or the progress and report."""
    with current_parts().db.transaction() as session:
        try:
            row = import_jobs.load(session, import_id)
        except ImportRefused:
            return render_template("newsletter/admin/missing.html"), 404
    columns = json.loads(row.columns)
    mapping = json.loads(row.mapping) if row.mapping else import_jobs.guess_mapping(columns)
    if errors:
        mapping = {field: request.form.get(field, "") for field in IMPORT_FIELDS}
    rejected = json.loads(row.rejected) if row.rejected else []
    page = render_template(
        "newsletter/admin/import.html",
        row=row,
        figures=import_jobs.status(row),
        columns=columns,
        mapping=mapping,
        fields=IMPORT_FIELDS,
        statuses=STATUSES,
        states=STATE_LABELS,
        rejected=rejected[:SHOWN_REJECTS],
        rejected_total=len(rejected),
        errors=errors or {},
        local_time=local_time,
    )
    return page, status


@bp.get("/admin/newsletter/imports/<int:import_id>")
@marketer_page
def import_page(import_id: int) -> ResponseReturnValue:
    """Show one import: its column mapping, or its live progress and report."""
    return _detail(import_id)


@bp.post("/admin/newsletter/imports/<int:import_id>/start")
@marketer_page
def start(import_id: int) -> ResponseReturnValue:
    """Queue the import with the chosen columns; the worker runs it."""
    nl = current_parts()
    mapping = {field: request.form.get(field, "") for field in IMPORT_FIELDS}
    try:
        with nl.db.transaction() as session:
            import_jobs.start(session, import_id, mapping)
            record(session, nl.container.infra.audit, "subscribers.import_start", "subscriber_import", str(import_id))
    except ImportRefused as exc:
        if exc.status == 404:
            return render_template("newsletter/admin/missing.html"), 404
        return _detail(import_id, exc.errors, exc.status)
    return redirect(f"/admin/newsletter/imports/{import_id}", code=303)


@bp.get("/api/newsletter/imports/<int:import_id>")
@marketer
def import_status(import_id: int) -> ResponseReturnValue:
    """An import's live figures (rows done of total, imported, rejected) for the page to poll."""
    with current_parts().db.transaction() as session:
        try:
            row = import_jobs.load(session, import_id)
        except ImportRefused:
            return jsonify({"message": "There is no such import.", "errors": {}}), 404
    return jsonify(import_jobs.status(row) | {"state_label": STATE_LABELS.get(row.state, row.state)})


@bp.get("/admin/newsletter/imports/<int:import_id>/rejected.csv")
@marketer_page
def rejected_csv(import_id: int) -> ResponseReturnValue:
    """Download every rejected line with its reason, to fix and upload again."""
    nl = current_parts()
    with nl.db.transaction() as session:
        try:
            row = import_jobs.load(session, import_id)
        except ImportRefused:
            return render_template("newsletter/admin/missing.html"), 404
        record(session, nl.container.infra.audit, "subscribers.import_rejects", "subscriber_import", str(import_id))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["line", "reason", "email"])
    writer.writerows([r["line"], r["reason"], r["email"]] for r in json.loads(row.rejected or "[]"))
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="import-{import_id}-rejected.csv"'
    return response
