"""What the staff lead page shows of a lead's consultations: status, preferred times, the booked time."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select

from services.kit.db_types import utcnow
from services.leads.bootstrap import LeadsParts
from services.leads.consultations.us_dates import us_moment
from services.leads.consultations.windows import Window, clinic_hours
from services.leads.tables import consultations

STATUS_LABELS = {
    "requested": "Requested — not booked yet",
    "confirmed": "Confirmed",
    "cancelled": "Cancelled by the visitor",
    "change_requested": "Change asked — the visitor wants another time",
}


def consultation_panel(parts: LeadsParts, lead_id: str) -> list[dict[str, Any]]:
    """Each consultation of the lead, newest first, in words and clinic time."""
    hours = clinic_hours(parts.settings)
    now = utcnow()
    with parts.container.db.transaction() as session:
        found = session.execute(
            select(consultations).where(consultations.c.lead_id == lead_id).order_by(consultations.c.created_at.desc())
        ).all()
    panel = []
    for row in found:
        windows = [Window(date.fromisoformat(w["date"]), w["period"]) for w in json.loads(row.windows)]
        panel.append(
            {
                "id": row.id,
                "status": row.status,
                "status_label": STATUS_LABELS.get(row.status, "Requested — not booked yet"),
                "requested": us_moment(row.created_at),
                "choices": [
                    (n, hours.label(w), hours.span(w.period)[0].strftime("%H:%M") if w.period in hours.keys else "")
                    for n, w in enumerate(windows)
                ],
                "booked": us_moment(row.starts_at) if row.starts_at else "",
                "proposed": row.proposed,
                "cancelled": us_moment(row.cancelled_at) if row.cancelled_at else "",
                "change_asked": us_moment(row.change_requested_at) if row.change_requested_at else "",
                "reminder": us_moment(row.reminder_queued_at) if row.reminder_queued_at else "",
                "bookable": row.status != "cancelled" and (row.starts_at is None or row.starts_at > now),
                "minutes": parts.settings.consultation_minutes,
            }
        )
    return panel
