"""The leads figures on the staff home: safety flags, today's leads, inquiries and consultations waiting."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select

from services.kit.staff_summary import clinic_day_start, dead_letters, holds
from services.leads.bootstrap import LeadsParts
from services.leads.tables import consultations, leads, safety_alerts

WAITING_CONSULTATIONS = ("requested", "change_requested")


def summary(parts: LeadsParts, now: datetime) -> dict[str, Any]:
    """Count from the rows what the caller's roles may see; clinical figures only for clinicians and admins."""
    live = leads.c.erased_at.is_(None)
    figures: dict[str, Any] = {}
    with parts.container.db.transaction() as session:

        def count(*where: Any) -> int:
            return int(session.scalar(select(func.count()).select_from(leads).where(live, *where)) or 0)

        figures["new_leads_today"] = count(leads.c.created_at >= clinic_day_start(now))
        if holds("clinician"):
            figures["open_safety_flags"] = count(leads.c.safety_status == "flagged")
            figures["nearest_safety_deadline"] = session.scalar(
                select(func.min(safety_alerts.c.due_at))
                .select_from(safety_alerts.join(leads, leads.c.id == safety_alerts.c.lead_id))
                .where(live, leads.c.safety_status == "flagged", safety_alerts.c.acknowledged_at.is_(None))
            )
            figures["inquiries_waiting"] = count(leads.c.kind == "inquiry", leads.c.status == "new")
            figures["consultations_waiting"] = int(
                session.scalar(
                    select(func.count(func.distinct(consultations.c.lead_id)))
                    .select_from(consultations.join(leads, leads.c.id == consultations.c.lead_id))
                    .where(and_(live, consultations.c.status.in_(WAITING_CONSULTATIONS)))
                )
                or 0
            )
    if holds("admin"):
        figures["dead_letters"] = dead_letters(parts.container)
    return figures
