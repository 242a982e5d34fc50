"""What a spam mark held back, sent once the mark is lifted: the newsletter opt-in and the next-step email."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.leads.assessments.follow_up import publish_newsletter_opt_in
from services.leads.assessments.next_step_mail import is_minor, may_email, queue_next_step
from services.leads.bootstrap import LeadsParts
from services.leads.tables import consents, submissions


def release_held(parts: LeadsParts, session: Session, lead: Any, now: datetime) -> None:
    """Queue what the spam mark held back; `lead` is the row as it was while marked (checkout: sync_checkout)."""
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
