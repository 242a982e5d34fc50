"""Erase a person: remove every personal and health value, keep the answer-free counts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, update
from sqlalchemy.orm import Session

from services.leads.checkout.clearance import sync_checkout
from services.leads.tables import (
    consents,
    idempotency_keys,
    inquiries,
    lead_addresses,
    lead_history,
    leads,
    submissions,
    waitlist,
)


def anonymise_lead(session: Session, lead_id: str, actor: str, now: datetime, reason: str) -> None:
    """Blank the lead's contact, answers, notes and click ids; revoke checkout; record who and why."""
    session.execute(
        update(leads)
        .where(leads.c.id == lead_id)
        .values(
            email_enc=None,
            email_bidx=None,
            phone_enc=None,
            phone_bidx=None,
            name_enc=None,
            county=None,
            erased_at=now,
            updated_at=now,
            marketing_hold=False,
        )
    )
    session.execute(
        update(submissions)
        .where(submissions.c.lead_id == lead_id)
        .values(
            answers_enc=None,
            ip_bidx=None,
            attribution=None,
        )
    )
    session.execute(update(consents).where(consents.c.lead_id == lead_id).values(ip=None, user_agent=None))
    session.execute(update(lead_history).where(lead_history.c.lead_id == lead_id).values(note_enc=None))
    session.execute(update(inquiries).where(inquiries.c.lead_id == lead_id).values(message_enc=None))
    session.execute(update(waitlist).where(waitlist.c.lead_id == lead_id).values(email_enc=None, email_bidx=None))
    session.execute(delete(lead_addresses).where(lead_addresses.c.lead_id == lead_id))
    session.execute(delete(idempotency_keys).where(idempotency_keys.c.lead_id == lead_id))
    session.execute(insert(lead_history).values(lead_id=lead_id, at=now, actor=actor, kind=reason))
    sync_checkout(session, lead_id)
