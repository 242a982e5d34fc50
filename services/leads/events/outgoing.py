"""Events the leads service tells others about; none carries health information.

Marketing holds and releases go per address, from safety.marketing_holds.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from services.kit.events import publish
from services.leads.events.deferred import publish_about_lead
from services.leads.tables import infra


def lead_created(
    session: Session, lead_id: str, state: str | None, created_at: datetime, first_touch: dict[str, str]
) -> None:
    """Tell the newsletter a lead exists (for its source counts): no name, no answers."""
    publish(
        session,
        infra.outbox,
        source="leads",
        target="newsletter",
        event_type="lead.created",
        data={
            "lead_id": lead_id,
            "state": state,
            "created_at": created_at.isoformat(),
            "utm_source": first_touch.get("utm_source", ""),
            "utm_campaign": first_touch.get("utm_campaign", ""),
        },
    )


def newsletter_opt_in(session: Session, lead_id: str, consent: dict[str, Any]) -> None:
    """Ask the newsletter to start double opt-in for a visitor who ticked the box."""
    publish_about_lead(session, "newsletter", "lead.newsletter_opt_in", lead_id, {"topics": [], "consent": consent})


def checkout_cleared(session: Session, lead_id: str, state: str | None, cleared_by: str) -> None:
    """Tell billing this lead may buy the membership."""
    publish_about_lead(session, "billing", "lead.checkout_cleared", lead_id, {"state": state, "cleared_by": cleared_by})


def checkout_revoked(session: Session, lead_id: str) -> None:
    """Tell billing this lead may no longer buy the membership."""
    publish(
        session,
        infra.outbox,
        source="leads",
        target="billing",
        event_type="lead.checkout_revoked",
        data={"lead_id": lead_id},
    )


def lead_declined(session: Session, lead_id: str, subscription_id: str | None) -> None:
    """Tell billing a clinician declined a member, so it cancels and refunds; no reason, no health detail."""
    publish(
        session,
        infra.outbox,
        source="leads",
        target="billing",
        event_type="lead.declined",
        data={"lead_id": lead_id, "subscription_id": subscription_id},
    )
