"""Staff say a lead is spam or not spam; "not spam" lets everything through as if it had never been marked."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update

from services.kit.db_types import utcnow
from services.leads.bootstrap import LeadsParts
from services.leads.checkout.clearance import sync_checkout
from services.leads.spam.release import release_held
from services.leads.spam.verdict import VERDICTS
from services.leads.staff.pipeline import LeadMissing
from services.leads.tables import lead_history, leads

HISTORY_KINDS = {"spam": "marked_spam", "not_spam": "marked_not_spam"}


def mark(parts: LeadsParts, lead_id: str, actor: str, verdict: str, now: datetime | None = None) -> bool:
    """Record a staff member's verdict ("spam" or "not_spam") with who and when; return whether the mark changed."""
    if verdict not in VERDICTS:
        raise ValueError("a spam verdict is spam or not_spam")
    now = now or utcnow()
    spam = verdict == "spam"
    with parts.container.db.transaction() as session:
        lead = session.execute(select(leads).where(leads.c.id == lead_id).with_for_update()).first()
        if lead is None or lead.erased_at is not None:
            raise LeadMissing(lead_id)
        session.execute(
            update(leads).where(leads.c.id == lead_id).values(spam_verdict=verdict, spam_suspected=spam, updated_at=now)
        )
        session.execute(insert(lead_history).values(lead_id=lead_id, at=now, actor=actor, kind=HISTORY_KINDS[verdict]))
        if lead.spam_suspected and not spam:
            release_held(parts, session, lead, now)
        sync_checkout(session, lead_id)
    return bool(lead.spam_suspected) != spam
