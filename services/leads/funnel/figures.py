"""Answer-free funnel figures by source, campaign and week: counts and revenue, never names or answers."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select

from services.kit.local_time import CLINIC_ZONE
from services.leads.bootstrap import LeadsParts
from services.leads.tables import leads

METRICS = ("assessments", "likely_eligible", "consultations_requested", "converted", "revenue_cents")


def iso_week(day: date) -> str:
    """An ISO week label such as 2026-W47."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def funnel(parts: LeadsParts, touch: str = "first", since: date | None = None) -> dict[str, Any]:
    """Rows per (source, campaign, week) and totals; spam and inquiries are left out."""
    source = leads.c.first_source if touch == "first" else leads.c.last_source
    campaign = leads.c.first_campaign if touch == "first" else leads.c.last_campaign
    query = select(
        source.label("source"),
        campaign.label("campaign"),
        leads.c.created_at,
        leads.c.outcome,
        leads.c.consultation_requested_at,
        leads.c.converted_at,
        leads.c.revenue_cents,
    ).where(leads.c.kind == "assessment", leads.c.spam_suspected.is_(False))
    with parts.container.db.transaction() as session:
        found = session.execute(query).all()
    groups: dict[tuple[str, str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(METRICS, 0))
    for row in found:
        day = row.created_at.astimezone(CLINIC_ZONE).date()  # the clinic's calendar, not UTC's
        if since and day < since:
            continue
        figures = groups[(row.source or "(direct)", row.campaign or "(none)", iso_week(day))]
        figures["assessments"] += 1
        figures["likely_eligible"] += int(row.outcome == "likely_eligible")
        figures["consultations_requested"] += int(row.consultation_requested_at is not None)
        figures["converted"] += int(row.converted_at is not None)
        figures["revenue_cents"] += row.revenue_cents or 0
    rows: list[dict[str, Any]] = [
        {"source": s, "campaign": c, "week": w, **figures} for (s, c, w), figures in sorted(groups.items())
    ]
    totals = {m: sum(int(r[m]) for r in rows) for m in METRICS}
    return {"touch": touch, "rows": rows, "totals": totals}
