"""GET /api/newsletter/staff/summary: campaigns scheduled or sending, and dead letters for admins."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import func, select

from services.kit.no_store import install_no_store
from services.kit.staff_auth import require_roles
from services.kit.staff_summary import dead_letters, holds
from services.kit.staff_summary_schema import NewsletterSummarySchema
from services.newsletter.bootstrap import current_parts
from services.newsletter.tables import campaigns

blp = Blueprint(
    "newsletter_staff_summary", __name__, url_prefix="/api/newsletter/staff", description="Figures for the staff home"
)
install_no_store(blp)


@blp.route("/summary", methods=["GET"])
@require_roles("marketer")
@blp.response(200, NewsletterSummarySchema)
def get_summary() -> Any:
    """Count campaigns waiting for their send time and campaigns being sent now."""
    container = current_parts().container
    with container.db.transaction() as session:
        rows = session.execute(
            select(campaigns.c.state, func.count())
            .where(campaigns.c.state.in_(("scheduled", "sending")))
            .group_by(campaigns.c.state)
        ).all()
    by_state: dict[str, int] = {str(state): int(n) for state, n in rows}
    figures: dict[str, Any] = {
        "campaigns_scheduled": by_state.get("scheduled", 0),
        "campaigns_sending": by_state.get("sending", 0),
    }
    if holds("admin"):
        figures["dead_letters"] = dead_letters(container)
    return figures
