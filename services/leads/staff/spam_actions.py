"""Staff say a lead is spam or not spam; "not spam" lets everything through as if it had never been marked."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.leads.assessments.follow_up import publish_newsletter_opt_in
from services.leads.assessments.next_step_mail import is_minor, may_email, queue_next_step
from services.leads.bootstrap import LeadsParts
from services.leads.checkout.clearance import sync_checkout
from services.leads.spam.verdict import VERDICTS
from services.leads.staff.pipeline import LeadMissing
from services.leads.tables import consents, lead_history, leads, submissions

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
            _release(parts, session, lead, now)
        sync_checkout(session, lead_id)
    return bool(lead.spam_suspected) != spam


def _release(parts: LeadsParts, session: Session, lead: Any, now: datetime) -> None:
    """Send what the spam mark held back: the newsletter opt-in and the next-step email."""
    if lead.newsletter_opt_in and not lead.newsletter_published and not lead.marketing_hold:
        origin = session.execute(
            select(consents.c.ip, consents.c.user_agent)
            .where(consents.c.lead_id == lead.id, consents.c.channel == "newsletter", consents.c.granted.is_(True))
            .order_by(consents.c.id.desc())
            .limit(1)
        ).first()
        ip, agent = (origin.ip or "", origin.user_agent or "") if origin else ("", "")
        publish_newsletter_opt_in(session, lead.id, ip, agent, now)
    latest = session.execute(
        select(submissions.c.id, submissions.c.answers_enc)
        .where(submissions.c.lead_id == lead.id)
        .order_by(submissions.c.created_at.desc())
        .limit(1)
    ).first()
    released = {**lead._mapping, "spam_suspected": False}
    if latest is not None and may_email(SimpleNamespace(**released), is_minor(parts, latest.answers_enc)):
        queue_next_step(session, lead.id, latest.id, new_link=False)
