"""Events that carry a lead's email: the outbox keeps only the lead id, the worker fills in the contact.

So the database never holds an email in the clear, not even in a delivered outbox row. A marketing hold or
release names one of the lead's addresses (`address_id`, see safety.marketing_holds) rather than the latest one.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from services.contracts.events import ContactMarketingHold, Event, LeadCheckoutCleared, LeadNewsletterOptIn
from services.kit.db import Database
from services.kit.db_types import utcnow
from services.kit.events import EventDeliverer, envelope
from services.kit.outbox import enqueue
from services.kit.worker import RetryableJobError
from services.leads.privacy.field_cipher import FieldCipher
from services.leads.tables import infra, lead_addresses, leads

LEAD_EVENT_JOB = "leads.lead_event"
# The newsletter drops an opt-in for an address it still holds, so an opt-in waits for the releases before it.
RELEASE_WAIT_SECONDS = 30.0


# The events whose contact details the worker fills in; every other event is published whole.
CONTACT_EVENTS: tuple[type[Event], ...] = (LeadNewsletterOptIn, ContactMarketingHold, LeadCheckoutCleared)


def contact_event_job(
    kind: type[Event], lead_id: str, extra: dict[str, Any], now: datetime, event_id: str | None = None
) -> dict[str, Any]:
    """The outbox payload of an event about a lead, naming the contract and holding no address."""
    if kind not in CONTACT_EVENTS:
        raise TypeError(f"{kind.__name__} carries no contact details: publish it whole")
    return {
        "target": kind.TARGET,
        "event_id": event_id or str(uuid.uuid4()),
        "event_type": kind.TYPE,
        "lead_id": lead_id,
        "occurred_at": now.isoformat(),
        "extra": extra,
    }


def publish_about_lead(session: Session, kind: type[Event], lead_id: str, extra: dict[str, Any]) -> str:
    """Record an event about a lead whose contact details are added at delivery time; return its id."""
    payload = contact_event_job(kind, lead_id, extra, utcnow())
    enqueue(session, infra.outbox, LEAD_EVENT_JOB, payload, dedupe_key=f"lead-event:{payload['event_id']}")
    return str(payload["event_id"])


def contact_event(event_type: str, lead_id: str, email: str, name: dict[str, str], extra: dict[str, Any]) -> Event:
    """The typed event, once the worker has opened the lead's address and name."""
    if event_type == ContactMarketingHold.TYPE:
        return ContactMarketingHold(email=email, held=bool(extra.get("held")))
    if event_type == LeadCheckoutCleared.TYPE:
        return LeadCheckoutCleared(
            lead_id=lead_id,
            email=email,
            first_name=name.get("first_name", ""),
            last_name=name.get("last_name", ""),
            state=extra.get("state"),
            cleared_by=extra.get("cleared_by") or "eligibility",
        )
    return LeadNewsletterOptIn(
        lead_id=lead_id,
        email=email,
        first_name=name.get("first_name", ""),
        topics=tuple(extra.get("topics", ())),
        consent=dict(extra.get("consent", {})),
    )


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
            if payload["event_type"] == LeadNewsletterOptIn.TYPE and _release_in_flight(session, lead_id):
                raise RetryableJobError("a marketing release for this lead is not delivered yet", RELEASE_WAIT_SECONDS)
        if lead is None or lead.erased_at is not None or sealed is None:
            return
        email = self.cipher.decrypt(sealed, "leads.email")
        name = self.cipher.decrypt_json(lead.name_enc, "leads.name") if lead.name_enc else {}
        typed = contact_event(payload["event_type"], lead_id, email, name, payload["extra"])
        body = envelope(typed, payload["event_id"], datetime.fromisoformat(payload["occurred_at"]))
        self.deliverer({"target": typed.TARGET, "event": body})
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
