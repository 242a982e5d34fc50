"""Record a visitor's request for a free consultation and queue its confirmation email."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.kit.outbox import enqueue
from services.leads.bootstrap import LeadsParts
from services.leads.consultations.windows import CLINIC_TZ, Window
from services.leads.notifications.intake import notify_intake
from services.leads.settings import LeadsSettings
from services.leads.tables import consultations, infra, lead_history, leads

LEAD_EMAIL_JOB = "leads.lead_email"
OFFERED = ("likely_eligible", "needs_review")


class LeadNotFound(LookupError):
    """No such lead, or it was erased."""


class ConsultationNotOffered(Exception):
    """This lead's outcome does not lead to a consultation."""


def request_consultation(parts: LeadsParts, lead_id: str, windows: list[Window], now: datetime | None = None) -> str:
    """Store the preferred windows, note it in the lead's history, and queue the confirmation."""
    now = now or utcnow()
    with parts.container.db.transaction() as session:
        lead = session.execute(
            select(leads.c.outcome, leads.c.erased_at).where(leads.c.id == lead_id).with_for_update()
        ).first()
        if lead is None or lead.erased_at is not None:
            raise LeadNotFound(lead_id)
        if lead.outcome not in OFFERED:
            raise ConsultationNotOffered("a consultation is offered after a likely-eligible or review outcome")
        consultation_id = store_request(session, parts.settings, lead_id, windows, now)
    return consultation_id


def store_request(
    session: Session,
    settings: LeadsSettings,
    lead_id: str,
    windows: list[Window],
    now: datetime,
    *,
    acknowledge: bool = True,
) -> str:
    """In the caller's transaction: store the windows and note it in the history; unless it looks like a bot's,
    tell the intake team and queue the visitor's acknowledgement."""
    consultation_id = str(uuid.uuid4())
    session.execute(
        insert(consultations).values(
            id=consultation_id,
            lead_id=lead_id,
            created_at=now,
            timezone=CLINIC_TZ,
            windows=json.dumps([{"date": w.day.isoformat(), "period": w.period} for w in windows]),
        )
    )
    session.execute(update(leads).where(leads.c.id == lead_id).values(consultation_requested_at=now, updated_at=now))
    session.execute(
        insert(lead_history).values(lead_id=lead_id, at=now, actor="visitor", kind="consultation_requested")
    )
    if acknowledge:
        enqueue(
            session,
            infra.outbox,
            LEAD_EMAIL_JOB,
            {"kind": "consultation_confirmation", "lead_id": lead_id, "consultation_id": consultation_id},
            dedupe_key=f"consultation-email:{consultation_id}",
        )
        notify_intake(session, settings, lead_id, "consultation", now)
    return consultation_id
