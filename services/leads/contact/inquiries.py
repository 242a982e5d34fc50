"""The "Have a question, or worried about someone?" form, kept as an inquiry lead.

No instrument and no eligibility screening; the message is screened for crisis language only, which puts the
inquiry in the safety lane with the assessment's alert, deadline and escalation.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, update

from services.kit.db_types import utcnow
from services.leads.bootstrap import LeadsParts
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.contact.acknowledgement import queue_acknowledgement
from services.leads.notifications.intake import notify_intake
from services.leads.safety.crisis_language import CrisisMatch
from services.leads.safety.free_text import screen_free_text
from services.leads.tables import consents, inquiries, leads

RELATIONSHIPS = ("self", "partner", "family", "friend", "other")


@dataclass(frozen=True)
class Inquiry:
    """A message from the contact form, already checked."""

    name: str
    email: str
    phone: str | None
    relationship: str
    message: str
    spam_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordedInquiry:
    """The stored inquiry's lead, and the crisis language found in it, if any."""

    lead_id: str
    crisis: CrisisMatch | None

    @property
    def flagged(self) -> bool:
        """Whether the inquiry went into the safety lane."""
        return self.crisis is not None


def record_inquiry(
    parts: LeadsParts, inquiry: Inquiry, ip: str, user_agent: str, now: datetime | None = None
) -> RecordedInquiry:
    """Store the inquiry as a lead of kind "inquiry", encrypted, with its consent, screening and emails."""
    now = now or utcnow()
    cipher, index = parts.cipher, parts.index
    lead_id = str(uuid.uuid4())
    first, _, last = inquiry.name.strip().partition(" ")
    inquiry_id = str(uuid.uuid4())
    with parts.container.db.transaction() as session:
        session.execute(
            insert(leads).values(
                id=lead_id,
                kind="inquiry",
                status="new",
                created_at=now,
                updated_at=now,
                last_submitted_at=now,
                email_enc=cipher.encrypt(inquiry.email, "leads.email"),
                email_bidx=index.email(inquiry.email),
                phone_enc=cipher.encrypt_optional(inquiry.phone, "leads.phone"),
                phone_bidx=index.phone(inquiry.phone) if inquiry.phone else None,
                name_enc=cipher.encrypt_json({"first_name": first, "last_name": last}, "leads.name"),
                spam_suspected=bool(inquiry.spam_reasons),
                spam_reasons=",".join(inquiry.spam_reasons) or None,
            )
        )
        session.execute(
            insert(inquiries).values(
                id=inquiry_id,
                lead_id=lead_id,
                relationship=inquiry.relationship,
                created_at=now,
                message_enc=cipher.encrypt(inquiry.message, "inquiries.message"),
            )
        )
        session.execute(
            insert(consents).values(
                lead_id=lead_id,
                channel="email",
                granted=True,
                at=now,
                ip=ip or None,
                user_agent=user_agent or None,
                text_version=page_catalogue("en").t("contact.consent_version"),
            )
        )
        # Screened whatever the spam signals say: a missed cry for help costs more than a bot's alert.
        crisis = screen_free_text(session, parts, lead_id, [inquiry.message], "inquiry", now)
        if crisis is not None:
            session.execute(update(inquiries).where(inquiries.c.id == inquiry_id).values(safety_tier=crisis.tier))
        if not inquiry.spam_reasons:
            queue_acknowledgement(session, lead_id, urgent=crisis is not None)
            notify_intake(session, parts.settings, lead_id, "inquiry", now)
    return RecordedInquiry(lead_id, crisis)
