"""The submitter's recent lead and the spam limits, looked up together before a submission is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, bindparam, literal, null, or_, select, true
from sqlalchemy.engine import Connection

from services.leads.settings import LeadsSettings
from services.leads.spam.screening import email_limit_reached, ip_limit_reached, limit_checks
from services.leads.tables import leads

# What storing a new submission needs to know about the earlier lead (see recording and checkout clearance).
LEAD_COLUMNS = (
    "id",
    "kind",
    "status",
    "outcome",
    "state",
    "erased_at",
    "safety_status",
    "safety_tier",
    "queue_rank",
    "submission_count",
    "newsletter_opt_in",
    "newsletter_published",
    "marketing_hold",
    "email_bidx",
    "spam_suspected",
    "spam_reasons",
    "checkout_cleared_by",
    "spam_verdict",
)


@dataclass(frozen=True)
class Screening:
    """The same person's recent lead (if any) and whether the spam limits are reached, read in one query."""

    lead: dict[str, Any] | None
    ip_limit: bool | None
    email_limit: bool | None


@lru_cache(maxsize=8)
def _screening_query(by_phone: bool, check_ip: bool, check_email: bool) -> Select[Any]:
    """Built once per shape: building a statement costs more than running a cached one."""
    match = leads.c.email_bidx == bindparam("email_bidx")
    if by_phone:
        match = or_(match, leads.c.phone_bidx == bindparam("phone_bidx"))
    recent = (
        select(*(leads.c[name] for name in LEAD_COLUMNS))
        .where(
            match,
            leads.c.kind == "assessment",
            leads.c.erased_at.is_(None),
            leads.c.last_submitted_at >= bindparam("since"),
        )
        .order_by(leads.c.last_submitted_at.desc())
        .limit(1)
        .subquery("recent")
    )
    # One row whether or not a lead matched, so the address check always comes back.
    one = select(literal(1).label("one")).subquery("one")
    return select(
        (ip_limit_reached() if check_ip else null()).label("_ip_limit"),
        (email_limit_reached(recent.c.id) if check_email else null()).label("_email_limit"),
        *recent.c,
    ).select_from(one.outerjoin(recent, true()))


def screen(
    conn: Connection,
    settings: LeadsSettings,
    email_bidx: str,
    phone_bidx: str | None,
    ip_bidx: str | None,
    now: datetime,
) -> Screening:
    """Find the same person's recent lead and check the spam limits, in one round trip.

    The lead is an assessment lead matched by email or phone and active within the dedupe window.
    """
    checks = limit_checks(settings, ip_bidx, now)
    params = {"email_bidx": email_bidx, "since": now - timedelta(days=settings.dedupe_days), **checks.params}
    if phone_bidx:
        params["phone_bidx"] = phone_bidx
    query = _screening_query(bool(phone_bidx), checks.ip, checks.email)
    found = conn.execute(query, params).one()._mapping
    lead = {name: found[name] for name in LEAD_COLUMNS} if found["id"] is not None else None
    return Screening(lead, found["_ip_limit"], found["_email_limit"])
