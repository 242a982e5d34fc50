"""Keep the lead's pipeline status in step with its consultation: booked is consult_scheduled, withdrawn is not."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from services.leads.tables import lead_history, leads

# Only these moves are made for staff; a lead further along (consult done, approved...) is left where it is.
ON_BOOKED = {"new": "consult_scheduled", "contacted": "consult_scheduled"}
ON_WITHDRAWN = {"consult_scheduled": "contacted"}


def follow_consultation(session: Session, lead_id: str, booked: bool, actor: str, now: datetime) -> None:
    """In the caller's transaction, move the lead as the booking changed, recorded in its history."""
    status = session.execute(select(leads.c.status).where(leads.c.id == lead_id)).scalar()
    to_status = (ON_BOOKED if booked else ON_WITHDRAWN).get(status or "")
    if to_status is None:
        return
    session.execute(update(leads).where(leads.c.id == lead_id).values(status=to_status, updated_at=now))
    session.execute(
        insert(lead_history).values(
            lead_id=lead_id, at=now, actor=actor, kind="status_changed", from_status=status, to_status=to_status
        )
    )
