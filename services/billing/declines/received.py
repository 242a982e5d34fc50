"""A clinician declined a lead: queue the cancel-and-refund for the worker, once per event."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from services.billing.tables import infra
from services.kit.outbox import enqueue

DECLINE_JOB = "billing.decline_refund"


def on_lead_declined(session: Session, event: dict[str, Any]) -> None:
    """Record the job in the inbox's transaction; the provider calls happen in the worker, not in this request."""
    data = event.get("data") or {}
    lead_id = str(data.get("lead_id") or "")
    if not lead_id:
        return
    subscription_id = data.get("subscription_id")
    payload = {
        "lead_id": lead_id,
        "subscription_id": str(subscription_id) if subscription_id else None,
        "event_id": event["id"],
    }
    enqueue(session, infra.outbox, DECLINE_JOB, payload, dedupe_key=f"lead-declined:{event['id']}")
