"""Which leads billing may sell to: likely eligible and not spam, or approved by a clinician; never while flagged."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.leads.events import outgoing
from services.leads.tables import leads

SERVED_STATES = ("FL", "NJ")
CLOSED_STATUSES = ("declined", "lost")


class LeadFacts(Protocol):
    """What clearance reads of a lead: a database row, or the values about to be written."""

    erased_at: Any
    safety_status: str
    kind: str
    state: str | None
    status: str
    outcome: str | None
    spam_suspected: bool


def clearance_for(lead: LeadFacts) -> str | None:
    """Who clears this lead for checkout now ("clinician" or "eligibility"), or None.

    A clinician who approved someone has met them, so a spam suspicion no longer stands in the way; only
    the automatic clearance waits for staff to say the lead is not spam.
    """
    if lead.erased_at is not None or lead.safety_status == "flagged":
        return None
    if lead.kind != "assessment" or lead.state not in SERVED_STATES or lead.status in CLOSED_STATUSES:
        return None
    if lead.status in ("approved", "converted"):
        return "clinician"
    return "eligibility" if lead.outcome == "likely_eligible" and not lead.spam_suspected else None


def sync_checkout(session: Session, lead_id: str) -> str | None:
    """Publish lead.checkout_cleared or lead.checkout_revoked when the lead's clearance changed."""
    lead = session.execute(select(leads).where(leads.c.id == lead_id)).first()
    if lead is None:
        return None
    wanted = clearance_for(lead)
    if wanted == lead.checkout_cleared_by:
        return wanted
    if wanted is None:
        outgoing.checkout_revoked(session, lead_id)
    else:
        outgoing.checkout_cleared(session, lead_id, lead.state, wanted)
    session.execute(update(leads).where(leads.c.id == lead_id).values(checkout_cleared_by=wanted))
    return wanted
