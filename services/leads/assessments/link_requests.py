"""A visitor whose result link expired asks for a new one; it goes only to the address we hold.

The caller always answers the same, so the form tells no one whether an address is known.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.leads.assessments.next_step_mail import is_minor, may_email, queue_next_step
from services.leads.assessments.result_links import LinkExpired, LinkRef, LinkUnusable, open_link
from services.leads.bootstrap import LeadsParts
from services.leads.tables import lead_history, leads, submissions

REQUESTED = "result_link_requested"


def _ref(parts: LeadsParts, token: str, now: datetime) -> LinkRef | None:
    """The result an old link pointed at, if the link is ours (expired or not)."""
    if not token:
        return None
    try:
        return open_link(parts, token, now)
    except LinkExpired as expired:
        return expired.ref
    except LinkUnusable:
        return None


def _recent_requests(session: Session, lead_id: str, now: datetime) -> int:
    return int(
        session.execute(
            select(func.count())
            .select_from(lead_history)
            .where(
                lead_history.c.lead_id == lead_id,
                lead_history.c.kind == REQUESTED,
                lead_history.c.at >= now - timedelta(hours=1),
            )
        ).scalar_one()
    )


def request_new_link(parts: LeadsParts, email: str, token: str = "", now: datetime | None = None) -> bool:
    """Queue a fresh link to the latest result of the lead with this address; return whether one was queued."""
    now = now or utcnow()
    ref = _ref(parts, token, now)
    with parts.container.db.transaction() as session:
        lead = session.execute(
            select(leads)
            .where(leads.c.email_bidx == parts.index.email(email), leads.c.erased_at.is_(None))
            .order_by(leads.c.last_submitted_at.desc())
            .limit(1)
            .with_for_update()
        ).first()
        if lead is None:
            return False
        chosen = select(submissions.c.id, submissions.c.answers_enc).where(submissions.c.lead_id == lead.id)
        if ref is not None and ref.lead_id == lead.id:
            chosen = chosen.where(submissions.c.id == ref.submission_id)
        submission = session.execute(chosen.order_by(submissions.c.created_at.desc()).limit(1)).first()
        if submission is None or not may_email(lead, is_minor(parts, submission.answers_enc)):
            return False
        if _recent_requests(session, lead.id, now) >= parts.settings.result_link_requests_per_hour:
            return False
        session.execute(insert(lead_history).values(lead_id=lead.id, at=now, actor="visitor", kind=REQUESTED))
        queue_next_step(session, lead.id, submission.id, new_link=True)
    return True
