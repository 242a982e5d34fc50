"""Staff JSON API for figures: the funnel (marketers), CSV export (clinicians, admins), waitlist demand."""

from __future__ import annotations

from typing import Any

from flask import Response

from services.kit.no_store import install_no_store
from services.kit.staff_auth import require_roles
from services.leads.bootstrap import current_parts
from services.leads.funnel.breakdown import breakdown, revenue_by_touch
from services.leads.funnel.figures import funnel
from services.leads.staff.audited import audit_event
from services.leads.staff.export import export_csv
from services.leads.staff.schemas import BreakdownQuerySchema, FunnelQuerySchema
from services.leads.waitlist.joining import demand_by_state
from services.leads.web.api_blueprint import ApiBlueprint

blp = ApiBlueprint("staff_reports", __name__, url_prefix="/api/leads/staff", description="Funnel, export, demand.")
install_no_store(blp)


@blp.route("/funnel", methods=["GET"])
@require_roles("marketer", "clinician")
@blp.arguments(FunnelQuerySchema, location="query")
@blp.response(200)
def get_funnel(args: dict[str, Any]) -> Any:
    """Funnel counts by source, campaign and week; no names, no answers."""
    return funnel(current_parts(), args["touch"], args["since"])


@blp.route("/funnel/breakdown", methods=["GET"])
@require_roles("marketer", "clinician")
@blp.arguments(BreakdownQuerySchema, location="query")
@blp.response(200)
def get_funnel_breakdown(args: dict[str, Any]) -> Any:
    """Funnel by source, campaign or landing page, with collected revenue and MRR per group; no names."""
    return breakdown(current_parts(), args["by"], args["touch"], args["since"])


@blp.route("/funnel/revenue", methods=["GET"])
@require_roles("marketer", "clinician")
@blp.response(200)
def get_funnel_revenue() -> Any:
    """Collected revenue (paid minus refunded) and current MRR per source, by first and by last touch."""
    return {"sources": revenue_by_touch(current_parts())}


@blp.route("/export.csv", methods=["GET"])
@require_roles("clinician")
@blp.doc(
    responses={
        "200": {
            "description": "Every live lead, one a row",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
)
def get_export() -> Response:
    """Download every live lead as CSV (clinicians and admins; logged)."""
    text, count = export_csv(current_parts())
    audit_event(current_parts(), "leads.exported", "leads", "all", f"{count} rows")
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="leads.csv"', "Cache-Control": "no-store"},
    )


@blp.route("/waitlist", methods=["GET"])
@require_roles("marketer", "clinician")
@blp.response(200)
def get_waitlist() -> Any:
    """Demand from outside FL and NJ: waitlist sign-ups and assessments per state."""
    return {"states": demand_by_state(current_parts())}
