"""The lead pipeline (DESIGN §2): allowed moves, recorded with who and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update

from services.kit.db_types import utcnow
from services.leads.bootstrap import LeadsParts
from services.leads.checkout.clearance import sync_checkout
from services.leads.events import outgoing
from services.leads.tables import lead_history, leads

STATUSES = ("new", "contacted", "consult_scheduled", "consult_done", "approved", "declined", "converted", "lost")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("contacted", "consult_scheduled", "declined", "lost"),
    "contacted": ("consult_scheduled", "declined", "lost"),
    "consult_scheduled": ("consult_done", "contacted", "lost"),
    "consult_done": ("approved", "declined"),
    "approved": ("converted", "lost", "declined"),
    "declined": ("contacted",),
    # A member may pay before the consultation; the clinician can still decide treatment is not right for her.
    "converted": ("lost", "declined"),
    "lost": ("contacted",),
}


class PipelineError(ValueError):
    """The move is not allowed from the lead's current status."""


class LeadMissing(LookupError):
    """No live lead has this id."""


def move(
    parts: LeadsParts, lead_id: str, to_status: str, actor: str, note: str = "", now: datetime | None = None
) -> str:
    """Move a lead along the pipeline; return the status it came from."""
    now = now or utcnow()
    with parts.container.db.transaction() as session:
        lead = session.execute(
            select(
                leads.c.status,
                leads.c.safety_status,
                leads.c.erased_at,
                leads.c.subscription_id,
                leads.c.checkout_cleared_by,
            )
            .where(leads.c.id == lead_id)
            .with_for_update()
        ).first()
        if lead is None or lead.erased_at is not None:
            raise LeadMissing(lead_id)
        if to_status not in TRANSITIONS.get(lead.status, ()):
            raise PipelineError(f"a lead cannot move from {lead.status} to {to_status}")
        if to_status == "approved" and lead.safety_status == "flagged":
            raise PipelineError("clear the safety flag with a note before approving")
        session.execute(update(leads).where(leads.c.id == lead_id).values(status=to_status, updated_at=now))
        session.execute(
            insert(lead_history).values(
                lead_id=lead_id,
                at=now,
                actor=actor,
                kind="status_changed",
                from_status=lead.status,
                to_status=to_status,
                note_enc=parts.cipher.encrypt(note, "lead_history.note") if note else None,
            )
        )
        sync_checkout(session, lead_id)
        if to_status == "declined" and (lead.subscription_id or lead.checkout_cleared_by):
            # Her membership is cancelled and refunded in full, as the result and membership pages promise. A lead
            # who could buy is included: she may have paid a moment ago, before billing's event reached us.
            outgoing.lead_declined(session, lead_id, lead.subscription_id)
    return str(lead.status)


def add_note(parts: LeadsParts, lead_id: str, actor: str, note: str, now: datetime | None = None) -> None:
    """Add a clinician's note (encrypted) to the lead's history."""
    with parts.container.db.transaction() as session:
        if (
            session.execute(select(leads.c.id).where(leads.c.id == lead_id, leads.c.erased_at.is_(None))).first()
            is None
        ):
            raise LeadMissing(lead_id)
        session.execute(
            insert(lead_history).values(
                lead_id=lead_id,
                at=now or utcnow(),
                actor=actor,
                kind="note",
                note_enc=parts.cipher.encrypt(note, "lead_history.note"),
            )
        )
