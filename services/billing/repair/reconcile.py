"""Reconcile: walk our customers' subscriptions and invoices at Stripe and fix any drift in the mirror."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import select

from services.billing.bootstrap import BillingParts
from services.billing.payments.port import PaymentGatewayError
from services.billing.tables import customers

log = logging.getLogger(__name__)


@dataclass
class ReconcileReport:
    """What one reconcile pass looked at and fixed."""

    customers: int = 0
    fixed: int = 0
    failed: list[str] = field(default_factory=list)


def reconcile(parts: BillingParts) -> ReconcileReport:
    """Compare every customer's objects at Stripe with the mirror; re-fetch and upsert those that differ."""
    report = ReconcileReport()
    with parts.container.db.transaction() as session:
        ids = [
            row.stripe_customer_id
            for row in session.execute(
                select(customers.c.stripe_customer_id)
                .where(customers.c.stripe_customer_id.is_not(None))
                .order_by(customers.c.created_at)
            )
        ]
    for customer_id in ids:
        report.customers += 1
        try:
            report.fixed += parts.sync.reconcile_customer(customer_id)
        except PaymentGatewayError as exc:
            # One customer Stripe cannot answer for must not stop the rest of the walk.
            report.failed.append(customer_id)
            log.warning("reconcile failed for a customer", extra={"error": str(exc)[:200]})
    log.info(
        "reconcile done", extra={"customers": report.customers, "fixed": report.fixed, "failed": len(report.failed)}
    )
    return report
