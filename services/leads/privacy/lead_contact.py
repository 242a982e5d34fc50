"""Open a lead's sealed address and name, for a worker about to write to them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.leads.privacy.field_cipher import FieldCipher
from services.leads.tables import leads


@dataclass(frozen=True)
class LeadContact:
    """Who to write to: the lead's address and names, decrypted for this one message."""

    email: str
    first_name: str
    last_name: str


def open_contact(session: Session, cipher: FieldCipher, lead_id: str) -> LeadContact | None:
    """The lead's contact, or None when the lead is unknown, erased or has no address."""
    lead = session.execute(
        select(leads.c.email_enc, leads.c.name_enc, leads.c.erased_at).where(leads.c.id == lead_id)
    ).first()
    if lead is None or lead.erased_at is not None or lead.email_enc is None:
        return None
    name = cipher.decrypt_json(lead.name_enc, "leads.name") if lead.name_enc else {}
    return LeadContact(
        email=cipher.decrypt(lead.email_enc, "leads.email"),
        first_name=str(name.get("first_name", "")),
        last_name=str(name.get("last_name", "")),
    )
