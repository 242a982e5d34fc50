"""Join the waitlist of a state the clinic does not serve yet; count demand per state."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.leads.assessments.follow_up import publish_newsletter_opt_in
from services.leads.bootstrap import LeadsParts
from services.leads.catalogue import Catalogue
from services.leads.tables import consents, leads, waitlist


def join_from_lead(
    parts: LeadsParts, lead_id: str, newsletter: bool, ip: str, user_agent: str, now: datetime | None = None
) -> str | None:
    """Put an out-of-area lead on its state's waitlist (once); return the state."""
    now = now or utcnow()
    with parts.container.db.transaction() as session:
        lead = session.execute(select(leads).where(leads.c.id == lead_id).with_for_update()).first()
        if lead is None or lead.erased_at is not None or lead.outcome != "out_of_area":
            return None
        if lead.waitlisted_at is None:
            session.execute(
                insert(waitlist).values(
                    lead_id=lead_id,
                    state=lead.state,
                    email_enc=lead.email_enc,
                    email_bidx=lead.email_bidx,
                    created_at=now,
                )
            )
            session.execute(update(leads).where(leads.c.id == lead_id).values(waitlisted_at=now, updated_at=now))
        if newsletter:
            _newsletter(session, lead, ip, user_agent, now)
        return str(lead.state)


def _newsletter(session: Session, lead, ip: str, user_agent: str, now: datetime) -> None:
    """Record the newsletter consent and start double opt-in unless the lead is held or already asked."""
    session.execute(
        insert(consents).values(
            lead_id=lead.id,
            channel="newsletter",
            granted=True,
            at=now,
            ip=ip or None,
            user_agent=user_agent or None,
            text_version=Catalogue.load("en").t("consent.newsletter.version"),
        )
    )
    session.execute(update(leads).where(leads.c.id == lead.id).values(newsletter_opt_in=True))
    if not (lead.newsletter_published or lead.marketing_hold or lead.spam_suspected):
        publish_newsletter_opt_in(session, lead.id, ip, user_agent, now)


def join_directly(parts: LeadsParts, email: str, state: str, now: datetime | None = None) -> None:
    """Add an address to a state's waitlist without an assessment (from the clinic's site)."""
    now = now or utcnow()
    bidx = parts.index.email(email)
    with parts.container.db.transaction() as session:
        seen = session.execute(
            select(waitlist.c.id).where(waitlist.c.email_bidx == bidx, waitlist.c.state == state)
        ).first()
        if seen is None:
            session.execute(
                insert(waitlist).values(
                    state=state,
                    email_enc=parts.cipher.encrypt(email, "waitlist.email"),
                    email_bidx=bidx,
                    created_at=now,
                )
            )


def demand_by_state(parts: LeadsParts) -> list[dict[str, object]]:
    """Out-of-area assessments and waitlist sign-ups per state, most wanted first."""
    with parts.container.db.transaction() as session:
        assessed: dict[str | None, int] = {
            state: count
            for state, count in session.execute(
                select(leads.c.state, func.count()).where(leads.c.outcome == "out_of_area").group_by(leads.c.state)
            ).tuples()
        }
        joined: dict[str | None, int] = {
            state: count
            for state, count in session.execute(
                select(waitlist.c.state, func.count()).group_by(waitlist.c.state)
            ).tuples()
        }
    states = sorted(set(assessed) | set(joined), key=lambda s: (-(joined.get(s, 0)), -(assessed.get(s, 0)), s or ""))
    return [
        {"state": s, "waitlist": int(joined.get(s, 0)), "out_of_area_assessments": int(assessed.get(s, 0))}
        for s in states
        if s
    ]
