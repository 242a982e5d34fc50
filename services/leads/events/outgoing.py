"""Events the leads service tells others about; none carries health information.

Marketing holds and releases go per address, from safety.marketing_holds.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from services.contracts.events import LeadCheckoutCleared, LeadCheckoutRevoked, LeadDeclined, LeadNewsletterOptIn
from services.kit.events import publish
from services.leads.events.deferred import publish_about_lead
from services.leads.tables import infra


def newsletter_opt_in(session: Session, lead_id: str, consent: dict[str, Any]) -> None:
    """Ask the newsletter to start double opt-in for a visitor who ticked the box."""
    publish_about_lead(session, LeadNewsletterOptIn, lead_id, {"topics": [], "consent": consent})


def checkout_cleared(session: Session, lead_id: str, state: str | None, cleared_by: str) -> None:
    """Tell billing this lead may buy the membership."""
    publish_about_lead(session, LeadCheckoutCleared, lead_id, {"state": state, "cleared_by": cleared_by})


def checkout_revoked(session: Session, lead_id: str) -> None:
    """Tell billing this lead may no longer buy the membership."""
    publish(session, infra.outbox, LeadCheckoutRevoked(lead_id=lead_id))


def lead_declined(session: Session, lead_id: str, subscription_id: str | None) -> None:
    """Tell billing a clinician declined a member, so it cancels and refunds; no reason, no health detail."""
    publish(session, infra.outbox, LeadDeclined(lead_id=lead_id, subscription_id=subscription_id))
