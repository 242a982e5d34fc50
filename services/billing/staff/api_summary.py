"""GET /api/billing/staff/summary: the membership figures on the staff home (admins)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from services.billing.bootstrap import current_parts
from services.billing.staff.summary import summary
from services.kit.no_store import install_no_store
from services.kit.staff_auth import require_roles
from services.kit.staff_summary_schema import BillingSummarySchema

bp = Blueprint("staff_summary", __name__, url_prefix="/api/billing/staff", description="Figures for the staff home")
install_no_store(bp)


@bp.route("/summary", methods=["GET"])
@require_roles("admin")
@bp.response(200, BillingSummarySchema)
def get_summary() -> Any:
    """Active and past-due members, monthly recurring revenue in cents, failed webhooks, dead letters."""
    return summary(current_parts())
