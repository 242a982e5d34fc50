"""A clinician declined a lead: queue the cancel-and-refund for the worker, once per event."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.billing.tables import infra
from services.contracts.events import LeadDeclined
from services.kit.inbox import Received
from services.kit.outbox import enqueue

DECLINE_JOB = "billing.decline_refund"


def on_lead_declined(session: Session, received: Received[LeadDeclined]) -> None:
    """Record the job in the inbox's transaction; the provider calls happen in the worker, not in this request."""
    event = received.event
    if not event.lead_id:
        return
    payload = {"lead_id": event.lead_id, "subscription_id": event.subscription_id or None, "event_id": received.id}
    enqueue(session, infra.outbox, DECLINE_JOB, payload, dedupe_key=f"lead-declined:{received.id}")
