"""A lead's whole record for clinicians: contact, submissions with scores, flags, consents, notes, history."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from services.leads.bootstrap import LeadsParts
from services.leads.staff.queue import queue_entry
from services.leads.tables import consents, consultations, inquiries, lead_history, leads, safety_alerts, submissions


class NoSuchLead(LookupError):
    """No lead has this id."""


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def lead_record(parts: LeadsParts, lead_id: str) -> dict[str, Any]:
    """Read and decrypt everything about one lead."""
    cipher = parts.cipher
    with parts.container.db.transaction() as session:
        lead = session.execute(select(leads).where(leads.c.id == lead_id)).first()
        if lead is None:
            raise NoSuchLead(lead_id)
        subs = session.execute(
            select(submissions).where(submissions.c.lead_id == lead_id).order_by(submissions.c.created_at.desc())
        ).all()
        consent_rows = session.execute(
            select(consents).where(consents.c.lead_id == lead_id).order_by(consents.c.id)
        ).all()
        history = session.execute(
            select(lead_history).where(lead_history.c.lead_id == lead_id).order_by(lead_history.c.at, lead_history.c.id)
        ).all()
        alerts = session.execute(select(safety_alerts).where(safety_alerts.c.lead_id == lead_id)).all()
        consults = session.execute(select(consultations).where(consultations.c.lead_id == lead_id)).all()
        notes = session.execute(select(inquiries).where(inquiries.c.lead_id == lead_id)).all()
    record = queue_entry(parts, lead)
    record.update(
        email=cipher.decrypt_optional(lead.email_enc, "leads.email"),
        phone=cipher.decrypt_optional(lead.phone_enc, "leads.phone"),
        assessed_outcome=lead.assessed_outcome,
        county=lead.county,
        marketing_hold=lead.marketing_hold,
        checkout_cleared_by=lead.checkout_cleared_by,
        erased_at=_iso(lead.erased_at),
        safety_flagged_at=_iso(lead.safety_flagged_at),
        safety_cleared_at=_iso(lead.safety_cleared_at),
        safety_cleared_by=lead.safety_cleared_by,
        converted_at=_iso(lead.converted_at),
        subscription_id=lead.subscription_id,
        lost_at=_iso(lead.lost_at),
        attribution={
            "first": {"source": lead.first_source, "medium": lead.first_medium, "campaign": lead.first_campaign},
            "last": {"source": lead.last_source, "medium": lead.last_medium, "campaign": lead.last_campaign},
        },
        submissions=[
            {
                "id": s.id,
                "created_at": _iso(s.created_at),
                "outcome": s.outcome,
                "assessed_outcome": s.assessed_outcome,
                "rules_version": s.rules_version,
                "safety_flagged": s.safety_flagged,
                "safety_tier": s.safety_tier,
                "spam_reasons": s.spam_reasons,
                "attribution": json.loads(s.attribution) if s.attribution else None,
                "answers": cipher.decrypt_json(s.answers_enc, "submissions.answers") if s.answers_enc else None,
            }
            for s in subs
        ],
        consents=[
            {
                "channel": c.channel,
                "granted": c.granted,
                "text_version": c.text_version,
                "at": _iso(c.at),
                "ip": c.ip,
                "user_agent": c.user_agent,
            }
            for c in consent_rows
        ],
        history=[
            {
                "at": _iso(h.at),
                "actor": h.actor,
                "kind": h.kind,
                "from_status": h.from_status,
                "to_status": h.to_status,
                "note": cipher.decrypt_optional(h.note_enc, "lead_history.note"),
            }
            for h in history
        ],
        alerts=[
            {
                "id": a.id,
                "tier": a.tier,
                "created_at": _iso(a.created_at),
                "due_at": _iso(a.due_at),
                "acknowledged_at": _iso(a.acknowledged_at),
                "acknowledged_by": a.acknowledged_by,
                "escalated_at": _iso(a.escalated_at),
            }
            for a in alerts
        ],
        consultations=[
            {
                "id": c.id,
                "created_at": _iso(c.created_at),
                "windows": json.loads(c.windows),
                "timezone": c.timezone,
                "status": c.status,
            }
            for c in consults
        ],
        inquiries=[
            {
                "relationship": i.relationship,
                "created_at": _iso(i.created_at),
                "message": cipher.decrypt_optional(i.message_enc, "inquiries.message"),
            }
            for i in notes
        ],
    )
    return record
