"""Bring the mirror to the provider's truth: lock the object, re-fetch it, upsert it."""

from __future__ import annotations

from sqlalchemy import Table, select, text, update
from sqlalchemy.orm import Session

from services.billing.mirror.collected import announce_paid_invoice, announce_refunds
from services.billing.mirror.conversions import announce
from services.billing.mirror.records import (
    invoice_values,
    lead_of,
    subscription_values,
    write_invoice,
    write_subscription,
)
from services.billing.mirror.refund_records import write_charge
from services.billing.payments.port import (
    ChargeState,
    CheckoutSession,
    InvoiceState,
    PaymentGateway,
    SubscriptionState,
)
from services.billing.tables import checkout_sessions, invoices, subscriptions
from services.kit.db import Database
from services.kit.db_types import utcnow


def lock_object(session: Session, object_id: str) -> None:
    """Serialise writers of one provider object until the transaction ends.

    The fetch happens under the lock, so a slower writer can never store an older state over a newer one.
    SQLite's BEGIN IMMEDIATE already serialises every writer.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": object_id})


class MirrorSync:
    """Refresh subscriptions, invoices and Checkout Sessions from the provider."""

    def __init__(self, db: Database, gateway: PaymentGateway, outbox: Table):
        self.db = db
        self.gateway = gateway
        self.outbox = outbox

    def refresh_subscription(self, subscription_id: str) -> SubscriptionState:
        """Re-fetch a subscription under its lock, upsert it, and announce what it means to leads."""
        with self.db.transaction() as session:
            lock_object(session, subscription_id)
            sub = self.gateway.get_subscription(subscription_id)
            self._store_subscription(session, sub)
        return sub

    def _store_subscription(self, session: Session, sub: SubscriptionState) -> None:
        """Upsert and announce one subscription inside the caller's locked transaction."""
        lead_id = lead_of(session, sub)
        write_subscription(session, sub, lead_id)
        announce(session, self.outbox, sub, lead_id)

    def refresh_invoice(self, invoice_id: str) -> InvoiceState:
        """Re-fetch an invoice under its lock and upsert it, then its subscription."""
        with self.db.transaction() as session:
            lock_object(session, invoice_id)
            inv = self.gateway.get_invoice(invoice_id)
            write_invoice(session, inv)
            announce_paid_invoice(session, self.outbox, inv)
        if inv.subscription_id:
            self.refresh_subscription(inv.subscription_id)
        return inv

    def record_decline(self, invoice_id: str) -> str | None:
        """Keep the issuer's reason for the invoice's latest failed payment beside the mirrored invoice."""
        reason = self.gateway.decline_reason(invoice_id)
        with self.db.transaction() as session:
            session.execute(update(invoices).where(invoices.c.id == invoice_id).values(last_decline_code=reason))
        return reason

    def refresh_charge(self, charge_id: str) -> ChargeState:
        """Re-fetch a charge under its lock and record its refunds and refunded total."""
        with self.db.transaction() as session:
            lock_object(session, charge_id)
            charge = self.gateway.get_charge(charge_id)
            write_charge(session, charge)
            announce_refunds(session, self.outbox, charge)
        return charge

    def refresh_checkout_session(self, session_id: str) -> CheckoutSession:
        """Re-fetch a Checkout Session we created, record its state, then sync its subscription."""
        with self.db.transaction() as session:
            lock_object(session, session_id)
            found = self.gateway.get_checkout_session(session_id)
            session.execute(
                update(checkout_sessions)
                .where(checkout_sessions.c.id == session_id)
                .values(
                    status=found.status,
                    payment_status=found.payment_status,
                    subscription_id=found.subscription_id,
                    synced_at=utcnow(),
                )
            )
        if found.subscription_id:
            self.refresh_subscription(found.subscription_id)
        return found

    def reconcile_customer(self, customer_id: str) -> int:
        """Compare a customer's subscriptions and invoices at the provider with the mirror; fix drift.

        Returns how many rows were out of date. Each drifted object is re-fetched under its lock.
        """
        fixed = 0
        for sub in self.gateway.list_subscriptions(customer_id):
            if self._differs(subscriptions, sub.id, lambda s, sub=sub: subscription_values(sub, lead_of(s, sub))):
                self.refresh_subscription(sub.id)
                fixed += 1
        for inv in self.gateway.list_invoices(customer_id):
            if self._differs(invoices, inv.id, lambda _s, inv=inv: invoice_values(inv)):
                with self.db.transaction() as session:
                    lock_object(session, inv.id)
                    fresh = self.gateway.get_invoice(inv.id)
                    write_invoice(session, fresh)
                    announce_paid_invoice(session, self.outbox, fresh)
                fixed += 1
        return fixed

    def _differs(self, table: Table, key: str, values_of) -> bool:  # type: ignore[no-untyped-def]
        """Tell whether the mirror row is missing or differs from the provider's values."""
        with self.db.transaction() as session:
            row = session.execute(select(table).where(table.c.id == key)).mappings().first()
            if row is None:
                return True
            wanted = values_of(session)
        return any(row[name] != value for name, value in wanted.items())
