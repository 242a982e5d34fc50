"""Events from billing: a subscription activated (converted) or canceled (lost), money paid or refunded."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from services.contracts.events import Event, InvoicePaid, RefundIssued, SubscriptionActivated, SubscriptionCanceled
from services.kit.container import Container
from services.kit.db_types import utcnow
from services.kit.inbox import EventHandler, Handlers, Received
from services.leads.checkout.clearance import sync_checkout
from services.leads.events.incoming_time import event_time
from services.leads.events.payments import invoice_paid, refund_issued
from services.leads.tables import lead_history, leads

log = logging.getLogger(__name__)


_when = event_time


def _move(session: Session, lead_id: str, status: str, kind: str, values: dict[str, Any]) -> bool:
    lead = session.execute(select(leads.c.status).where(leads.c.id == str(lead_id))).first()
    if lead is None:
        log.info("event for an unknown lead", extra={"event_kind": kind})
        return False
    session.execute(
        update(leads).where(leads.c.id == str(lead_id)).values(status=status, updated_at=utcnow(), **values)
    )
    session.execute(
        insert(lead_history).values(
            lead_id=str(lead_id),
            at=utcnow(),
            actor="billing",
            kind=kind,
            from_status=lead.status,
            to_status=status,
        )
    )
    return True


def activated(session: Session, received: Received[SubscriptionActivated]) -> None:
    """A member started paying: the lead converts, with the money it brought."""
    event = received.event
    amount = event.amount_cents
    if _move(
        session,
        event.lead_id,
        "converted",
        "subscription_activated",
        {
            "converted_at": _when(event.activated_at),
            "lost_at": None,
            "subscription_id": event.subscription_id[:100],
            "revenue_cents": amount if amount is not None and amount >= 0 else 0,
        },
    ):
        sync_checkout(session, event.lead_id)


def canceled(session: Session, received: Received[SubscriptionCanceled]) -> None:
    """A membership ended: the lead is lost, unless a clinician's decline ended it."""
    event = received.event
    current = session.execute(select(leads.c.status).where(leads.c.id == event.lead_id)).scalar()
    if current == "declined":
        # The clinician's decline ended it: the lead stays declined rather than reading as a lost sale.
        _move(session, event.lead_id, "declined", "subscription_canceled", {})
        return
    if _move(session, event.lead_id, "lost", "subscription_canceled", {"lost_at": _when(event.canceled_at)}):
        sync_checkout(session, event.lead_id)


def inbox_handlers(container: Container | None = None) -> Handlers:
    """The leads service's handlers for billing's events, and the answers to privacy requests."""
    handlers: dict[type[Event], EventHandler] = {
        SubscriptionActivated: activated,
        SubscriptionCanceled: canceled,
        InvoicePaid: invoice_paid,
        RefundIssued: refund_issued,
    }
    if container is not None:
        from services.leads.bootstrap import parts_of
        from services.leads.privacy.completion import privacy_handlers

        handlers.update(privacy_handlers(parts_of(container)))
    return handlers
