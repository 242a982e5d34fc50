"""GET /api/<service>/staff/audit: a service's audit log for administrators, filtered and paged."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import RAISE

from services.kit.audit_reading import AuditPageSchema, AuditQuery, AuditQuerySchema, read_audit
from services.kit.container import Container
from services.kit.no_store import install_no_store
from services.kit.staff_auth import require_roles


def audit_blueprint(service: str) -> Blueprint:
    """Build the audit log endpoint of one service."""
    bp = Blueprint(
        "staff_audit",
        __name__,
        url_prefix=f"/api/{service}/staff/audit",
        description="Who read or changed which record, for administrators",
    )
    install_no_store(bp)

    @bp.get("")
    @require_roles("admin")
    @bp.arguments(AuditQuerySchema, location="query", unknown=RAISE)
    @bp.response(200, AuditPageSchema)
    @bp.alt_response(401, description="No staff token")
    @bp.alt_response(403, description="Not an administrator")
    def list_audit(args: dict[str, Any]) -> dict[str, Any]:
        """List audit entries newest first, by person, record and time range."""
        built: Container = current_app.extensions["container"]
        with built.db.transaction() as session:
            items, total = read_audit(session, built.infra.audit, AuditQuery(**args))
        return {"source": service, "total": total, "items": items}

    return bp
