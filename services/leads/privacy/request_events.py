"""Ask the newsletter and billing for their part of a request; the address is opened only at delivery time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from services.contracts.events import BillingPrivacyRequest, Event, NewsletterPrivacyRequest
from services.kit.events import EventDeliverer, envelope
from services.leads.bootstrap import LeadsParts
from services.leads.privacy.requests import EMAIL_CONTEXT
from services.leads.tables import privacy_requests


def request_event(target: str, request_id: str, kind: str, email: str) -> Event:
    """The typed event for one receiving service."""
    if target == "newsletter":
        return NewsletterPrivacyRequest(request_id=request_id, kind=kind, email=email)
    return BillingPrivacyRequest(request_id=request_id, kind=kind, email=email)


class PrivacyEventJob:
    """The worker's handler: open the request's address and deliver the signed event."""

    def __init__(self, parts: LeadsParts, deliverer: EventDeliverer):
        self.parts = parts
        self.deliverer = deliverer

    def __call__(self, payload: dict[str, Any]) -> None:
        """Deliver; a request whose address is already gone needs nothing more."""
        with self.parts.container.db.transaction() as session:
            row = session.execute(
                select(privacy_requests.c.kind, privacy_requests.c.email_enc).where(
                    privacy_requests.c.id == payload["request_id"]
                )
            ).first()
        if row is None or row.email_enc is None:
            return
        email = self.parts.cipher.decrypt(row.email_enc, EMAIL_CONTEXT)
        typed = request_event(payload["target"], payload["request_id"], row.kind, email)
        body = envelope(typed, payload["event_id"], datetime.fromisoformat(payload["occurred_at"]))
        self.deliverer({"target": typed.TARGET, "event": body})
