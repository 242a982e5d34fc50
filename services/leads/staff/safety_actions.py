"""A clinician acknowledges a safety alert, or clears the flag with a note, which releases marketing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update

from services.kit.db_types import utcnow
from services.leads.assessments.follow_up import publish_newsletter_opt_in
from services.leads.bootstrap import LeadsParts
from services.leads.checkout.clearance import sync_checkout
from services.leads.privacy.erasure import anonymise_lead
from services.leads.privacy.requests import staff_erasure
from services.leads.safety.alerts import acknowledge_alerts
from services.leads.safety.marketing_holds import release_addresses
from services.leads.staff.pipeline import LeadMissing
from services.leads.tables import consents, lead_history, leads


class NotFlagged(ValueError):
    """The lead has no open safety flag."""


def acknowledge(parts: LeadsParts, lead_id: str, actor: str, now: datetime | None = None) -> int:
    """Acknowledge the lead's open alerts, which stops their escalation."""
    now = now or utcnow()
    with parts.container.db.transaction() as session:
        if session.execute(select(leads.c.id).where(leads.c.id == lead_id)).first() is None:
            raise LeadMissing(lead_id)
        count = acknowledge_alerts(session, lead_id, actor, now)
        if count:
            session.execute(
                insert(lead_history).values(lead_id=lead_id, at=now, actor=actor, kind="alert_acknowledged")
            )
    return count


def clear_flag(parts: LeadsParts, lead_id: str, actor: str, note: str, now: datetime | None = None) -> None:
    """Clear the safety flag with a note; release the marketing hold and any newsletter opt-in waiting on it."""
    if not note.strip():
        raise ValueError("a note is needed to clear a safety flag")
    now = now or utcnow()
    with parts.container.db.transaction() as session:
        lead = session.execute(select(leads).where(leads.c.id == lead_id).with_for_update()).first()
        if lead is None or lead.erased_at is not None:
            raise LeadMissing(lead_id)
        if lead.safety_status != "flagged":
            raise NotFlagged("this lead has no open safety flag")
        session.execute(
            update(leads)
            .where(leads.c.id == lead_id)
            .values(
                safety_status="cleared",
                safety_cleared_at=now,
                safety_cleared_by=actor,
                queue_rank=2,
                marketing_hold=False,
                updated_at=now,
            )
        )
        acknowledge_alerts(session, lead_id, actor, now)
        session.execute(
            insert(lead_history).values(
                lead_id=lead_id,
                at=now,
                actor=actor,
                kind="safety_cleared",
                note_enc=parts.cipher.encrypt(note.strip(), "lead_history.note"),
            )
        )
        release_addresses(session, lead_id)
        if lead.newsletter_opt_in and not lead.newsletter_published and not lead.spam_suspected:
            consent = session.execute(
                select(consents.c.ip, consents.c.user_agent)
                .where(consents.c.lead_id == lead_id, consents.c.channel == "newsletter", consents.c.granted.is_(True))
                .order_by(consents.c.id.desc())
                .limit(1)
            ).first()
            publish_newsletter_opt_in(
                session,
                lead_id,
                (consent.ip if consent else "") or "",
                (consent.user_agent if consent else "") or "",
                now,
            )
        sync_checkout(session, lead_id)


def erase(parts: LeadsParts, lead_id: str, actor: str, reason: str, now: datetime | None = None) -> None:
    """Erase one person on request, in every service when we have their address: the visitor's own request's path."""
    now = now or utcnow()
    with parts.container.db.transaction() as session:
        lead = session.execute(select(leads.c.id, leads.c.email_enc).where(leads.c.id == lead_id)).first()
        if lead is None:
            raise LeadMissing(lead_id)
        if lead.email_enc is not None:
            staff_erasure(session, parts, parts.cipher.decrypt(lead.email_enc, "leads.email"), actor, now)
        else:
            anonymise_lead(session, lead_id, actor, now, "erased_on_request")
        session.execute(
            insert(lead_history).values(
                lead_id=lead_id,
                at=now or utcnow(),
                actor=actor,
                kind="erasure_reason",
                note_enc=None if not reason else parts.cipher.encrypt(reason, "lead_history.note"),
            )
        )
