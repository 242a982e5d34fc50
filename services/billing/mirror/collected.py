"""Money collected, told to leads: each paid invoice and each refund that went through, once per invoice or refund.

Amounts are what the provider says was actually paid or refunded (after any discount), in cents.
The event id derives from the invoice or refund id, so seeing the same fact again sends nothing new.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from services.billing.payments.port import ChargeState, InvoiceState
from services.billing.tables import customers, invoices
from services.contracts.events import InvoicePaid, RefundIssued
from services.kit.events import publish

NAMESPACE = uuid.UUID("0b7f5e0c-2d7a-4f1e-8c3b-6a1d2e9f4b57")


def _lead_of_customer(session: Session, customer_id: str | None) -> str | None:
    """Return the lead whose Stripe customer this is."""
    if not customer_id:
        return None
    return session.execute(select(customers.c.lead_id).where(customers.c.stripe_customer_id == customer_id)).scalar()


def _iso(timestamp: int | None) -> str:
    """Return a provider Unix time as ISO 8601 UTC (now when the provider gave none)."""
    moment = datetime.fromtimestamp(timestamp, UTC) if timestamp is not None else datetime.now(UTC)
    return moment.isoformat()


def announce_paid_invoice(session: Session, outbox: Table, inv: InvoiceState) -> None:
    """Tell leads an invoice was paid, for the amount paid, in the caller's transaction."""
    lead_id = _lead_of_customer(session, inv.customer_id)
    if inv.status != "paid" or inv.amount_paid <= 0 or not lead_id:
        return
    event = InvoicePaid(
        lead_id=lead_id,
        invoice_id=inv.id,
        amount_cents=inv.amount_paid,
        currency=inv.currency,
        paid_at=_iso(inv.paid_at or inv.created),
    )
    publish(session, outbox, event, event_id=str(uuid.uuid5(NAMESPACE, f"{InvoicePaid.TYPE}:{inv.id}")))


def announce_refunds(session: Session, outbox: Table, charge: ChargeState) -> None:
    """Tell leads about every refund of the charge that went through, in the caller's transaction."""
    customer_id = charge.customer_id
    if customer_id is None and charge.invoice_id:
        customer_id = session.execute(
            select(invoices.c.stripe_customer_id).where(invoices.c.id == charge.invoice_id)
        ).scalar()
    lead_id = _lead_of_customer(session, customer_id)
    if not lead_id:
        return
    for refund in charge.refunds:
        if refund.status != "succeeded" or refund.amount <= 0:
            continue
        event = RefundIssued(
            lead_id=lead_id,
            refund_id=refund.id,
            amount_cents=refund.amount,
            currency=refund.currency,
            refunded_at=_iso(refund.created),
        )
        publish(session, outbox, event, event_id=str(uuid.uuid5(NAMESPACE, f"{RefundIssued.TYPE}:{refund.id}")))
