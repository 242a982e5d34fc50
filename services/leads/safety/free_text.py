"""Put a lead in the safety lane when a visitor's free text holds crisis language (inquiries, consultation notes).

The same lane as a positive self-harm item: flagged with a tier, first in the queue, marketing held for every
address, checkout clearance withdrawn, and the clinician alert with its deadline and escalation, all in the
caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from services.leads.bootstrap import LeadsParts
from services.leads.events.outbox_rows import event_row, insert_rows
from services.leads.safety.alerts import raise_alert
from services.leads.safety.crisis_language import HIGH, CrisisMatch, screen
from services.leads.safety.marketing_holds import hold_submission_addresses
from services.leads.tables import lead_history, leads

SCREENING_ACTOR = "crisis screening"


def screen_free_text(
    session: Session, parts: LeadsParts, lead_id: str, texts: Iterable[str | None], about: str, now: datetime
) -> CrisisMatch | None:
    """Screen the texts a visitor sent; on a match put the lead in the safety lane. Return the match."""
    match = screen(texts)
    if match is not None:
        put_in_safety_lane(session, parts, lead_id, match, about, now)
    return match


def put_in_safety_lane(
    session: Session, parts: LeadsParts, lead_id: str, match: CrisisMatch, about: str, now: datetime
) -> None:
    """Flag the lead at the match's tier (never lowering an open flag), hold marketing, alert a clinician."""
    conn = session.connection()
    lead = conn.execute(select(leads).where(leads.c.id == lead_id).with_for_update()).mappings().one()
    already = lead["safety_status"] == "flagged"
    tier = HIGH if match.tier == HIGH or (already and lead["safety_tier"] == HIGH) else match.tier
    values = {
        "safety_status": "flagged",
        "safety_tier": tier,
        "safety_flagged_at": lead["safety_flagged_at"] if already else now,
        "marketing_hold": True,
        "queue_rank": min(lead["queue_rank"], match.queue_rank),
        "updated_at": now,
    }
    rows = []
    if lead["checkout_cleared_by"] is not None:
        # A flagged person is never offered payment until a clinician has spoken with them.
        rows.append(event_row("billing", "lead.checkout_revoked", {"lead_id": lead_id}, now))
        values["checkout_cleared_by"] = None
    conn.execute(update(leads).where(leads.c.id == lead_id).values(**values))
    if lead["email_bidx"] and lead["email_enc"]:
        rows += hold_submission_addresses(conn, lead_id, dict(lead), lead["email_bidx"], lead["email_enc"], True, now)
    insert_rows(conn, rows)
    # Which phrases matched is health data: it goes into the sealed history note, never a plain column.
    note = f"Crisis language in the {about} ({match.version}: {', '.join(match.phrase_ids)})."
    conn.execute(
        insert(lead_history).values(
            lead_id=lead_id,
            at=now,
            actor=SCREENING_ACTOR,
            kind="safety_flagged",
            note_enc=parts.cipher.encrypt(note, "lead_history.note"),
        )
    )
    raise_alert(session, parts.settings, lead_id, tier, now, about=about)
