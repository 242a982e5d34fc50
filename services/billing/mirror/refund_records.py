"""Refund rows of the mirror and each invoice's refunded amount, written from the provider's current state."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.billing.mirror.records import at
from services.billing.payments.port import ChargeState, RefundState
from services.billing.tables import invoices, refunds
from services.kit.db_types import utcnow


def write_refund(
    session: Session, refund: RefundState, *, invoice_id: str | None = None, subscription_id: str | None = None
) -> None:
    """Upsert a refund; what we already know of its invoice and subscription is kept when not given again."""
    values = {
        "charge_id": refund.charge_id,
        "payment_intent_id": refund.payment_intent_id,
        "amount": refund.amount,
        "currency": refund.currency,
        "status": refund.status,
        "reason": refund.reason,
        "created_at": at(refund.created),
        "synced_at": utcnow(),
    }
    if invoice_id:
        values["invoice_id"] = invoice_id
    if subscription_id:
        values["subscription_id"] = subscription_id
    found = session.execute(select(refunds.c.id).where(refunds.c.id == refund.id)).first()
    if found:
        session.execute(update(refunds).where(refunds.c.id == refund.id).values(**values))
    else:
        session.execute(refunds.insert().values(id=refund.id, **values))


def write_charge(session: Session, charge: ChargeState) -> None:
    """Record every refund of a charge and the refunded total on the invoice it paid."""
    for refund in charge.refunds:
        write_refund(session, refund, invoice_id=charge.invoice_id)
    if charge.invoice_id:
        session.execute(
            update(invoices).where(invoices.c.id == charge.invoice_id).values(amount_refunded=charge.amount_refunded)
        )


def refund_of_invoice(session: Session, invoice_id: str) -> RefundState | None:
    """Return a refund already made of this invoice's payment (succeeded or on its way), if any."""
    row = (
        session.execute(
            select(refunds)
            .where(refunds.c.invoice_id == invoice_id, refunds.c.status.in_(("pending", "succeeded")))
            .order_by(refunds.c.created_at)
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    return RefundState(
        id=row["id"],
        charge_id=row["charge_id"],
        payment_intent_id=row["payment_intent_id"],
        amount=row["amount"],
        currency=row["currency"],
        status=row["status"],
        reason=row["reason"],
        created=int(row["created_at"].timestamp()),
    )
