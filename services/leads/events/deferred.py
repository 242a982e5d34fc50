"""Events that carry a lead's email: the outbox keeps only the lead id, the worker fills in the contact.

So the database never holds an email in the clear, not even in a delivered outbox row. A marketing hold or
release names one of the lead's addresses (`address_id`, see safety.marketing_holds) rather than the latest one.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from services.kit.db import Database
from services.kit.db_types import utcnow
from services.kit.events import EventDeliverer
from services.kit.outbox import enqueue
from services.kit.worker import RetryableJobError
from services.leads.privacy.field_cipher import FieldCipher
from services.leads.tables import infra, lead_addresses, leads

LEAD_EVENT_JOB = "leads.lead_event"
# The newsletter drops an opt-in for an address it still holds, so an opt-in waits for the releases before it.
RELEASE_WAIT_SECONDS = 30.0


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
        lead_id, address_id = payload["lead_id"], payload["extra"].get("address_id")
        with self.db.transaction() as session:
            lead = session.execute(
                select(leads.c.email_enc, leads.c.name_enc, leads.c.erased_at).where(leads.c.id == lead_id)
            ).first()
            sealed = lead.email_enc if lead is not None else None
            if address_id is not None:
                sealed = session.execute(
                    select(lead_addresses.c.email_enc).where(lead_addresses.c.id == address_id)
                ).scalar()
            if payload["event_type"] == "lead.newsletter_opt_in" and _release_in_flight(session, lead_id):
                raise RetryableJobError("a marketing release for this lead is not delivered yet", RELEASE_WAIT_SECONDS)
        if lead is None or lead.erased_at is not None or sealed is None:
            return
        email = self.cipher.decrypt(sealed, "leads.email")
        name = self.cipher.decrypt_json(lead.name_enc, "leads.name") if lead.name_enc else {}
        event = {
            "id": payload["event_id"],
            "type": payload["event_type"],
            "source": "leads",
            "occurred_at": payload["occurred_at"],
            "data": event_data(payload["event_type"], lead_id, email, name, payload["extra"]),
        }
        self.deliverer({"target": payload["target"], "event": event})
        if address_id is not None:
            with self.db.transaction() as session:
                session.execute(
                    update(lead_addresses)
                    .where(lead_addresses.c.id == address_id, lead_addresses.c.pending_event_id == payload["event_id"])
                    .values(pending_event_id=None)
                )


def _release_in_flight(session: Session, lead_id: str) -> bool:
    """Tell whether a release for one of the lead's addresses is queued but not yet delivered."""
    pending = exists().where(
        lead_addresses.c.lead_id == lead_id,
        lead_addresses.c.held.is_(False),
        lead_addresses.c.pending_event_id.is_not(None),
    )
    return bool(session.execute(select(pending)).scalar())
