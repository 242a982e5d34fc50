"""The short consultation path: a lead of kind "consultation" with its consent and preferred times, at once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert

from services.kit.db_types import utcnow
from services.leads.bootstrap import LeadsParts
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.consultations.requests import store_request
from services.leads.consultations.windows import Window
from services.leads.tables import consents, leads


@dataclass(frozen=True)
class BookingRequest:
    """A checked request from /consultation."""

    first_name: str
    last_name: str
    email: str
    phone: str | None
    state: str
    windows: tuple[Window, ...]
    spam_reasons: tuple[str, ...] = ()


def book_consultation(
    parts: LeadsParts, booking: BookingRequest, ip: str, user_agent: str, now: datetime | None = None
) -> tuple[str, str]:
    """Store the lead, its consents and the request in one transaction; return (lead id, consultation id)."""
    now = now or utcnow()
    cipher, index = parts.cipher, parts.index
    lead_id = str(uuid.uuid4())
    version = page_catalogue("en").t("consultation_booking.consent_version")
    with parts.container.db.transaction() as session:
        session.execute(
            insert(leads).values(
                id=lead_id,
                kind="consultation",
                status="new",
                state=booking.state,
                created_at=now,
                updated_at=now,
                last_submitted_at=now,
                email_enc=cipher.encrypt(booking.email, "leads.email"),
                email_bidx=index.email(booking.email),
                phone_enc=cipher.encrypt_optional(booking.phone, "leads.phone"),
                phone_bidx=index.phone(booking.phone) if booking.phone else None,
                name_enc=cipher.encrypt_json(
                    {"first_name": booking.first_name, "last_name": booking.last_name}, "leads.name"
                ),
                spam_suspected=bool(booking.spam_reasons),
                spam_reasons=",".join(booking.spam_reasons) or None,
            )
        )
        # One consent text covers the terms and the channels the call is arranged through.
        channels = ("terms", "email", "phone") if booking.phone else ("terms", "email")
        session.execute(
            insert(consents),
            [
                {
                    "lead_id": lead_id,
                    "channel": channel,
                    "granted": True,
                    "text_version": version,
                    "at": now,
                    "ip": ip or None,
                    "user_agent": user_agent or None,
                }
                for channel in channels
            ],
        )
        # A bot's form gets no email: an address typed by a bot may be someone else's.
        consultation_id = store_request(
            session, parts.settings, lead_id, list(booking.windows), now, acknowledge=not booking.spam_reasons
        )
    return lead_id, consultation_id
