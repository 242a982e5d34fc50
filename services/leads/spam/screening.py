"""Spam signals: a honeypot, a minimum time to submit, per-IP and per-email limits.

Suspected spam is stored and marked, never dropped: a person in crisis may type fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.leads.settings import LeadsSettings
from services.leads.tables import submissions


@dataclass(frozen=True)
class SpamSignals:
    """What the request itself tells us, before touching the database."""

    honeypot: str = ""
    seconds_to_submit: float | None = None


def spam_reasons(
    session: Session,
    settings: LeadsSettings,
    signals: SpamSignals,
    ip_bidx: str | None,
    lead_id: str | None,
    now: datetime,
) -> list[str]:
    """Name every spam signal this submission shows (empty when it looks genuine)."""
    reasons = []
    if signals.honeypot.strip():
        reasons.append("honeypot")
    if signals.seconds_to_submit is not None and signals.seconds_to_submit < settings.spam_min_seconds:
        reasons.append("too_fast")
    if ip_bidx and settings.spam_ip_per_hour > 0:
        recent = session.execute(
            select(func.count())
            .select_from(submissions)
            .where(submissions.c.ip_bidx == ip_bidx, submissions.c.created_at >= now - timedelta(hours=1))
        ).scalar_one()
        if recent >= settings.spam_ip_per_hour:
            reasons.append("ip_rate")
    if lead_id and settings.spam_email_per_day > 0:
        recent = session.execute(
            select(func.count())
            .select_from(submissions)
            .where(submissions.c.lead_id == lead_id, submissions.c.created_at >= now - timedelta(days=1))
        ).scalar_one()
        if recent >= settings.spam_email_per_day:
            reasons.append("email_rate")
    return reasons
