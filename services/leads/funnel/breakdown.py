"""The funnel by source, by campaign or by landing page, with the money each group actually brought in.

Collected revenue is what billing reported as paid minus what it refunded; MRR is the monthly price of
the memberships still running. Counts and money only: no names, no answers.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import case, func, select

from services.kit.local_time import CLINIC_ZONE
from services.leads.bootstrap import LeadsParts
from services.leads.tables import collected_payments, leads, submissions

DIMENSIONS = {"source": "Source", "campaign": "Campaign", "landing_page": "Landing page"}
COUNTS = ("assessments", "likely_eligible", "consultations_requested", "members")
MONEY = ("collected_cents", "mrr_cents")
NO_VALUE = {"source": "Direct (no source)", "campaign": "No campaign", "landing_page": "Not recorded"}


def landing_path(attribution: str | None) -> str:
    """Return the path of the page a visitor arrived on (no query or host), or '' when unknown."""
    try:
        raw = json.loads(attribution or "{}").get("landing_page") or ""
    except (ValueError, AttributeError):
        return ""
    path = urlsplit(str(raw)).path.rstrip("/") or ("/" if raw else "")
    return path[:200]


def _collected(parts: LeadsParts) -> dict[str, int]:
    """Return each lead's paid minus refunded cents."""
    signed = case(
        (collected_payments.c.kind == "refunded", -collected_payments.c.amount_cents),
        else_=collected_payments.c.amount_cents,
    )
    query = select(collected_payments.c.lead_id, func.sum(signed)).group_by(collected_payments.c.lead_id)
    with parts.container.db.transaction() as session:
        return {str(lead_id): int(total or 0) for lead_id, total in session.execute(query)}


def _lead_rows(parts: LeadsParts) -> list[Any]:
    """Return the assessment leads (spam left out) with what the breakdowns need."""
    query = select(
        leads.c.id,
        leads.c.first_source,
        leads.c.last_source,
        leads.c.first_campaign,
        leads.c.last_campaign,
        leads.c.created_at,
        leads.c.outcome,
        leads.c.status,
        leads.c.consultation_requested_at,
        leads.c.converted_at,
        leads.c.revenue_cents,
    ).where(leads.c.kind == "assessment", leads.c.spam_suspected.is_(False))
    with parts.container.db.transaction() as session:
        return list(session.execute(query))


def _landing_pages(parts: LeadsParts) -> dict[str, tuple[str, str]]:
    """Return each lead's landing page on its first and on its latest submission."""
    query = select(submissions.c.lead_id, submissions.c.attribution).order_by(
        submissions.c.created_at, submissions.c.id
    )
    pages: dict[str, tuple[str, str]] = {}
    with parts.container.db.transaction() as session:
        for lead_id, attribution in session.execute(query):
            path = landing_path(attribution)
            first = pages.get(str(lead_id), (path, path))[0]
            pages[str(lead_id)] = (first, path)
    return pages


def _key(row: Any, by: str, touch: str, pages: dict[str, tuple[str, str]]) -> str:
    """Return the group a lead falls in."""
    if by == "landing_page":
        first, last = pages.get(str(row.id), ("", ""))
        return first if touch == "first" else last
    return str(getattr(row, f"{touch}_{by}") or "")


def breakdown(parts: LeadsParts, by: str = "source", touch: str = "first", since: date | None = None) -> dict[str, Any]:
    """Return one row per source, campaign or landing page, biggest first, with counts, collected and MRR."""
    if by not in DIMENSIONS:
        raise ValueError(by)
    collected = _collected(parts)
    pages = _landing_pages(parts) if by == "landing_page" else {}
    groups: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS + MONEY, 0))
    for row in _lead_rows(parts):
        if since and row.created_at.astimezone(CLINIC_ZONE).date() < since:
            continue
        figures = groups[_key(row, by, touch, pages)]
        figures["assessments"] += 1
        figures["likely_eligible"] += int(row.outcome == "likely_eligible")
        figures["consultations_requested"] += int(row.consultation_requested_at is not None)
        figures["members"] += int(row.converted_at is not None)
        figures["collected_cents"] += collected.get(str(row.id), 0)
        figures["mrr_cents"] += (row.revenue_cents or 0) if row.status == "converted" else 0
    ordered = sorted(groups.items(), key=lambda item: (-item[1]["assessments"], item[0]))
    totals = {m: sum(figures[m] for _, figures in ordered) for m in COUNTS + MONEY}
    rows: list[dict[str, Any]] = [{"key": key, "label": key or NO_VALUE[by], **figures} for key, figures in ordered]
    return {"by": by, "touch": touch, "rows": rows, "totals": totals}


def revenue_by_touch(parts: LeadsParts) -> list[dict[str, Any]]:
    """Return per source the collected revenue and MRR attributed to first touch and to last touch."""
    first = {r["key"]: r for r in breakdown(parts, "source", "first")["rows"]}
    last = {r["key"]: r for r in breakdown(parts, "source", "last")["rows"]}
    keys = sorted(set(first) | set(last), key=lambda k: (-(first.get(k, {}).get("collected_cents", 0)), k))
    return [
        {
            "key": key,
            "label": key or NO_VALUE["source"],
            "first_collected_cents": first.get(key, {}).get("collected_cents", 0),
            "first_mrr_cents": first.get(key, {}).get("mrr_cents", 0),
            "last_collected_cents": last.get(key, {}).get("collected_cents", 0),
            "last_mrr_cents": last.get(key, {}).get("mrr_cents", 0),
        }
        for key in keys
    ]
