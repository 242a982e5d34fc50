"""Marketing holds per address: every email a lead used is held while a safety flag is open, and released with it.

The newsletter keys holds by address, and a returning person may have used several; the lead row only keeps
the latest, so the addresses and whether each is held are kept here. Outbox rows name an address by its id;
the worker opens the sealed address when it delivers (see events.deferred).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from services.contracts.events import ContactMarketingHold
from services.leads.events.deferred import publish_about_lead
from services.leads.events.outbox_rows import lead_event_row
from services.leads.tables import lead_addresses


def hold_submission_addresses(
    conn: Connection,
    lead_id: str,
    existing: dict[str, Any] | None,
    email_bidx: str,
    email_enc: str,
    hold: bool,
    now: datetime,
) -> list[dict[str, Any]]:
    """Remember the submission's address; when the lead is held, hold each address not held yet.

    Returns the outbox rows of the holds, for the caller to write with the submission's other rows.
    """
    if existing is not None and existing["email_bidx"] == email_bidx and (not hold or existing["marketing_hold"]):
        return []  # a known address, and every address already has the hold state it needs
    known = (
        []
        if existing is None
        else conn.execute(
            select(lead_addresses.c.id, lead_addresses.c.email_bidx, lead_addresses.c.held).where(
                lead_addresses.c.lead_id == lead_id
            )
        ).all()
    )
    addresses = [(a.id, bool(a.held)) for a in known]
    if not any(a.email_bidx == email_bidx for a in known):
        address_id = str(uuid.uuid4())
        conn.execute(
            insert(lead_addresses),
            {
                "id": address_id,
                "lead_id": lead_id,
                "email_enc": email_enc,
                "email_bidx": email_bidx,
                "held": False,
                "created_at": now,
            },
        )
        addresses.append((address_id, False))
    if not hold:
        return []
    rows = []
    for address_id, held in addresses:
        if held:
            continue
        event_id = str(uuid.uuid4())
        rows.append(
            lead_event_row(
                ContactMarketingHold, lead_id, {"held": True, "address_id": address_id}, now, event_id=event_id
            )
        )
        conn.execute(
            update(lead_addresses).where(lead_addresses.c.id == address_id).values(held=True, pending_event_id=event_id)
        )
    return rows


def release_addresses(session: Session, lead_id: str) -> int:
    """Queue a release for every address of the lead a hold was queued for; return how many."""
    held = session.execute(
        select(lead_addresses.c.id)
        .where(lead_addresses.c.lead_id == lead_id, lead_addresses.c.held.is_(True))
        .order_by(lead_addresses.c.created_at, lead_addresses.c.id)
    ).all()
    for row in held:
        event_id = publish_about_lead(session, ContactMarketingHold, lead_id, {"held": False, "address_id": row.id})
        session.execute(
            update(lead_addresses).where(lead_addresses.c.id == row.id).values(held=False, pending_event_id=event_id)
        )
    return len(held)
