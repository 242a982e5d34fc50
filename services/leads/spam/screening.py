"""Spam signals: a honeypot, a minimum time to submit, per-IP and per-email limits.

Suspected spam is stored and marked, never dropped: a person in crisis may type fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, bindparam, exists, select

from services.leads.settings import LeadsSettings
from services.leads.tables import submissions


@dataclass(frozen=True)
class SpamSignals:
    """What the request itself tells us, before touching the database."""

    honeypot: str = ""
    seconds_to_submit: float | None = None


def _reached(where: ColumnElement[bool], skip: str) -> ColumnElement[bool]:
    """True when at least limit submissions match (`skip` names the bound limit - 1).

    The database stops at the limit-th match: only "at the limit or not" matters, so one address sending
    thousands of forms costs no more to check than one sending a few.
    """
    return exists(select(submissions.c.id).where(where).offset(bindparam(skip, type_=Integer)).limit(1))


def ip_limit_reached() -> ColumnElement[bool]:
    """SQL: has :ip_bidx sent the hourly limit of submissions since :ip_since? (parameters from `limit_params`)."""
    recent = (submissions.c.ip_bidx == bindparam("ip_bidx")) & (submissions.c.created_at >= bindparam("ip_since"))
    return _reached(recent, "ip_skip")


def email_limit_reached(lead_id: ColumnElement[Any]) -> ColumnElement[bool]:
    """SQL: has the lead sent the daily limit of submissions since :email_since? (parameters from `limit_params`).

    `lead_id` is a column, so the check rides along with the query that finds the lead.
    """
    recent = (submissions.c.lead_id == lead_id) & (submissions.c.created_at >= bindparam("email_since"))
    return _reached(recent, "email_skip")


@dataclass(frozen=True)
class LimitChecks:
    """Which rate limits apply to a submission, and the parameters their SQL needs."""

    ip: bool
    email: bool
    params: dict[str, Any]


def limit_checks(settings: LeadsSettings, ip_bidx: str | None, now: datetime) -> LimitChecks:
    """The per-address check needs an address; a limit of 0 turns a check off."""
    check_ip = bool(ip_bidx) and settings.spam_ip_per_hour > 0
    check_email = settings.spam_email_per_day > 0
    params: dict[str, Any] = {}
    if check_ip:
        params.update(ip_bidx=ip_bidx, ip_since=now - timedelta(hours=1), ip_skip=settings.spam_ip_per_hour - 1)
    if check_email:
        params.update(email_since=now - timedelta(days=1), email_skip=settings.spam_email_per_day - 1)
    return LimitChecks(check_ip, check_email, params)


def spam_reasons(
    settings: LeadsSettings,
    signals: SpamSignals,
    ip_limit: bool | None,
    email_limit: bool | None,
) -> list[str]:
    """Name every spam signal this submission shows (empty when it looks genuine).

    `ip_limit` and `email_limit` are what `ip_limit_reached` and `email_limit_reached` found.
    """
    reasons = []
    if signals.honeypot.strip():
        reasons.append("honeypot")
    if signals.seconds_to_submit is not None and signals.seconds_to_submit < settings.spam_min_seconds:
        reasons.append("too_fast")
    if ip_limit:
        reasons.append("ip_rate")
    if email_limit:
        reasons.append("email_rate")
    return reasons
