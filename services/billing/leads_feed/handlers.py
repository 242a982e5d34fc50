"""Cleared leads, as the leads service announces them: the only way a lead may buy."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.billing.declines.received import on_lead_declined
from services.billing.tables import cleared_leads
from services.kit.db_types import utcnow
from services.kit.inbox import EventHandler


def email_key(email: str) -> str:
    """Normalise an email for matching one person across leads."""
    return email.strip().lower()


def on_checkout_cleared(session: Session, event: dict[str, Any]) -> None:
    """Record (or refresh) a lead cleared for checkout."""
    data = event["data"]
    values = {
        "email": data["email"], "email_key": email_key(data["email"]),
        "first_name": data.get("first_name"), "last_name": data.get("last_name"),
        "state": str(data.get("state") or "").upper()[:2], "cleared_by": data.get("cleared_by") or "eligibility",
        "cleared_at": utcnow(), "revoked_at": None,
    }
    lead_id = str(data["lead_id"])
    found = session.execute(select(cleared_leads.c.lead_id).where(cleared_leads.c.lead_id == lead_id)).first()
    if found:
        session.execute(update(cleared_leads).where(cleared_leads.c.lead_id == lead_id).values(**values))
    else:
        session.execute(cleared_leads.insert().values(lead_id=lead_id, **values))


def on_checkout_revoked(session: Session, event: dict[str, Any]) -> None:
    """Withdraw a lead's clearance; a lead never heard of stays unknown."""
    lead_id = str(event["data"]["lead_id"])
    session.execute(update(cleared_leads).where(cleared_leads.c.lead_id == lead_id).values(revoked_at=utcnow()))


HANDLERS: dict[str, EventHandler] = {
    "lead.checkout_cleared": on_checkout_cleared,
    "lead.checkout_revoked": on_checkout_revoked,
    "lead.declined": on_lead_declined,
}
