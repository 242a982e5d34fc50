"""The leads service's part of a person's export: what they told us, decrypted for them alone."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.leads.privacy.field_cipher import FieldCipher
from services.leads.tables import consents, consultations, inquiries, leads, submissions, waitlist

# What a person told us and what we worked out from it; the rules' internal codes and page keys stay out.
ANSWER_FIELDS = ("date_of_birth", "age", "zip", "perinatal", "history", "medications", "positions", "scores")


def _answers(cipher: FieldCipher, sealed: str | None) -> dict[str, Any] | None:
    if sealed is None:
        return None
    answers = cipher.decrypt_json(sealed, "submissions.answers")
    return {k: answers[k] for k in ANSWER_FIELDS if k in answers}


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _lead_part(session: Session, cipher: FieldCipher, lead: Any) -> dict[str, Any]:
    """One lead's contact, answers, consents, consultation requests and messages."""
    subs = session.execute(
        select(submissions).where(submissions.c.lead_id == lead.id).order_by(submissions.c.created_at)
    ).all()
    consent_rows = session.execute(select(consents).where(consents.c.lead_id == lead.id).order_by(consents.c.id)).all()
    consults = session.execute(
        select(consultations).where(consultations.c.lead_id == lead.id).order_by(consultations.c.created_at)
    ).all()
    messages = session.execute(
        select(inquiries).where(inquiries.c.lead_id == lead.id).order_by(inquiries.c.created_at)
    ).all()
    return {
        "email": cipher.decrypt_optional(lead.email_enc, "leads.email"),
        "phone": cipher.decrypt_optional(lead.phone_enc, "leads.phone"),
        "name": cipher.decrypt_json(lead.name_enc, "leads.name") if lead.name_enc else None,
        "state": lead.state,
        "county": lead.county,
        "first_contact": _iso(lead.created_at),
        "assessments": [
            {
                "submitted_at": _iso(s.created_at),
                "result": s.outcome,
                "answers": _answers(cipher, s.answers_enc),
                "how_you_found_us": json.loads(s.attribution) if s.attribution else None,
            }
            for s in subs
        ],
        "consents": [
            {
                "what": c.channel,
                "given": c.granted,
                "text_version": c.text_version,
                "at": _iso(c.at),
                "ip_address": c.ip,
                "browser": c.user_agent,
            }
            for c in consent_rows
        ],
        "consultation_requests": [
            {
                "asked_at": _iso(c.created_at),
                "preferred_times": json.loads(c.windows),
                "time_zone": c.timezone,
                "status": c.status,
                "booked_for": _iso(c.starts_at),
            }
            for c in consults
        ],
        "messages": [
            {
                "sent_at": _iso(m.created_at),
                "about": m.relationship,
                "message": cipher.decrypt_optional(m.message_enc, "inquiries.message"),
            }
            for m in messages
        ],
    }


def leads_export(session: Session, cipher: FieldCipher, email_bidx: str) -> dict[str, Any]:
    """Every record of the person with this address: assessments, consents, consultations, messages, waitlist."""
    found = session.execute(
        select(leads).where(leads.c.email_bidx == email_bidx, leads.c.erased_at.is_(None)).order_by(leads.c.created_at)
    ).all()
    waiting = session.execute(
        select(waitlist.c.state, waitlist.c.created_at).where(waitlist.c.email_bidx == email_bidx)
    ).all()
    return {
        "records": [_lead_part(session, cipher, lead) for lead in found],
        "waitlist": [{"state": w.state, "joined_at": _iso(w.created_at)} for w in waiting],
    }
