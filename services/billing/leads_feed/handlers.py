"""Cleared leads, as the leads service announces them: the only way a lead may buy."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.billing.declines.received import on_lead_declined
from services.billing.tables import cleared_leads
from services.contracts.events import LeadCheckoutCleared, LeadCheckoutRevoked, LeadDeclined
from services.kit.db_types import utcnow
from services.kit.inbox import Handlers, Received


def email_key(email: str) -> str:
    """Normalise an email for matching one person across leads."""
    return email.strip().lower()


def on_checkout_cleared(session: Session, received: Received[LeadCheckoutCleared]) -> None:
    """Record (or refresh) a lead cleared for checkout."""
    event = received.event
    values = {
        "email": event.email,
        "email_key": email_key(event.email),
        "first_name": event.first_name or None,
        "last_name": event.last_name or None,
        "state": (event.state or "").upper()[:2],
        "cleared_by": event.cleared_by or "eligibility",
        "cleared_at": utcnow(),
        "revoked_at": None,
    }
    lead_id = event.lead_id
    found = session.execute(select(cleared_leads.c.lead_id).where(cleared_leads.c.lead_id == lead_id)).first()
    if found:
        session.execute(update(cleared_leads).where(cleared_leads.c.lead_id == lead_id).values(**values))
    else:
        session.execute(cleared_leads.insert().values(lead_id=lead_id, **values))


def on_checkout_revoked(session: Session, received: Received[LeadCheckoutRevoked]) -> None:
    """Withdraw a lead's clearance; a lead never heard of stays unknown."""
    lead_id = received.event.lead_id
    session.execute(update(cleared_leads).where(cleared_leads.c.lead_id == lead_id).values(revoked_at=utcnow()))


HANDLERS: Handlers = {
    LeadCheckoutCleared: on_checkout_cleared,
    LeadCheckoutRevoked: on_checkout_revoked,
    LeadDeclined: on_lead_declined,
}
