"""GET /api/leads/staff/summary: the leads figures on the staff home."""

from __future__ import annotations

from typing import Any

from services.kit.db_types import utcnow
from services.kit.no_store import install_no_store
from services.kit.staff_auth import require_roles
from services.kit.staff_summary_schema import LeadsSummarySchema
from services.leads.bootstrap import current_parts
from services.leads.staff.summary import summary
from services.leads.web.api_blueprint import ApiBlueprint

blp = ApiBlueprint("staff_summary", __name__, url_prefix="/api/leads/staff", description="Figures for the staff home.")
install_no_store(blp)


@blp.route("/summary", methods=["GET"])
@require_roles("clinician", "marketer")
@blp.response(200, LeadsSummarySchema)
def get_summary() -> Any:
    """Today's leads for every role; safety flags, inquiries and consultations waiting for clinicians."""
    return summary(current_parts(), utcnow())
