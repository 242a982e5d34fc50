"""Events from billing about money: a paid invoice or a refund, kept once each by its id for the funnel."""

from __future__ import annotations

import logging

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from services.contracts.events import InvoicePaid, RefundIssued
from services.kit.inbox import Received
from services.leads.events.incoming_time import event_time
from services.leads.tables import collected_payments, leads

log = logging.getLogger(__name__)


def _keep(session: Session, record_id: str, lead_id: str, kind: str, amount: int, currency: str, at: str) -> None:
    """Store one payment or refund unless its id is already kept or the lead is unknown."""
    if session.execute(select(collected_payments.c.id).where(collected_payments.c.id == record_id)).first():
        return
    if session.execute(select(leads.c.id).where(leads.c.id == lead_id)).first() is None:
        log.info("payment event for an unknown lead", extra={"event_kind": kind})
        return
    session.execute(
        insert(collected_payments).values(
            id=record_id[:64],
            lead_id=lead_id,
            kind=kind,
            amount_cents=max(amount, 0),
            currency=currency.lower()[:3],
            at=event_time(at),
        )
    )


def invoice_paid(session: Session, received: Received[InvoicePaid]) -> None:
    """Keep the amount a lead's invoice actually collected."""
    e = received.event
    _keep(session, e.invoice_id, e.lead_id, "paid", e.amount_cents, e.currency, e.paid_at)


def refund_issued(session: Session, received: Received[RefundIssued]) -> None:
    """Keep an amount given back to a lead."""
    e = received.event
    _keep(session, e.refund_id, e.lead_id, "refunded", e.amount_cents, e.currency, e.refunded_at)
