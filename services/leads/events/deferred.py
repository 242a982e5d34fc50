"""Events that carry a lead's email: the outbox keeps only the lead id, the worker fills in the contact.

So the database never holds an email in the clear, not even in a delivered outbox row.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.kit.db import Database
from services.kit.db_types import utcnow
from services.kit.events import EventDeliverer
from services.kit.outbox import enqueue
from services.leads.privacy.field_cipher import FieldCipher
from services.leads.tables import infra, leads

LEAD_EVENT_JOB = "leads.lead_event"


def publish_about_lead(session: Session, target: str, event_type: str, lead_id: str, extra: dict[str, Any]) -> str:
    """Record an event about a lead whose contact details are added at delivery time."""
    event_id = str(uuid.uuid4())
    enqueue(
        session,
        infra.outbox,
        LEAD_EVENT_JOB,
        {
            "target": target,
            "event_id": event_id,
            "event_type": event_type,
            "lead_id": lead_id,
            "occurred_at": utcnow().isoformat(),
            "extra": extra,
        },
        dedupe_key=f"lead-event:{event_id}",
    )
    return event_id


def event_data(
    event_type: str, lead_id: str, email: str, name: dict[str, str], extra: dict[str, Any]
) -> dict[str, Any]:
    """The event's data as the contracts define it."""
    if event_type == "contact.marketing_hold":
        return {"email": email, "held": bool(extra.get("held"))}
    data = {"lead_id": lead_id, "email": email, "first_name": name.get("first_name", "")}
    if event_type == "lead.checkout_cleared":
        data.update(last_name=name.get("last_name", ""), state=extra.get("state"), cleared_by=extra.get("cleared_by"))
    else:
        data.update(topics=extra.get("topics", []), consent=extra.get("consent", {}))
    return data


class LeadEventJob:
    """The worker's handler: read the lead's contact, then deliver the signed event."""

    def __init__(self, db: Database, cipher: FieldCipher, deliverer: EventDeliverer):
        self.db = db
        self.cipher = cipher
        self.deliverer = deliverer

    def __call__(self, payload: dict[str, Any]) -> None:
        """Deliver; an erased lead's event is dropped, since there is no one left to tell about."""
        with self.db.transaction() as session:
            lead = session.execute(
                select(leads.c.email_enc, leads.c.name_enc).where(leads.c.id == payload["lead_id"])
            ).first()
        if lead is None or lead.email_enc is None:
            return
        email = self.cipher.decrypt(lead.email_enc, "leads.email")
        name = self.cipher.decrypt_json(lead.name_enc, "leads.name") if lead.name_enc else {}
        event = {
            "id": payload["event_id"],
            "type": payload["event_type"],
            "source": "leads",
            "occurred_at": payload["occurred_at"],
            "data": event_data(payload["event_type"], payload["lead_id"], email, name, payload["extra"]),
        }
        self.deliverer({"target": payload["target"], "event": event})
