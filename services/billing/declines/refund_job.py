"""Undo a membership a clinician declined: cancel it now, refund its latest payment, tell the person kindly.

Every step is safe to repeat: a canceled subscription is left alone, a refund already in the mirror is not asked
for again, the refund request carries a key derived from the invoice, and the email has a dedupe key.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services.billing.bootstrap import BillingParts
from services.billing.dunning.notices import money
from services.billing.mail.compose import compose
from services.billing.mirror.refund_records import refund_of_invoice, write_refund
from services.billing.payments.port import InvoiceState, PaymentGatewayError, RefundState, SubscriptionState
from services.billing.tables import cleared_leads, customers, subscriptions
from services.kit.email_jobs import queue_email
from services.kit.worker import PermanentJobError, RetryableJobError

ENDED = ("canceled", "incomplete_expired")


def latest_paid_invoice(invoices: list[InvoiceState], subscription_id: str) -> InvoiceState | None:
    """Pick the newest invoice of the subscription that took money."""
    paid = [i for i in invoices if i.subscription_id == subscription_id and i.status == "paid" and i.amount_paid > 0]
    return max(paid, key=lambda i: i.created, default=None)


class DeclineRefundJob:
    """Handle job kind `billing.decline_refund` for one declined lead."""

    def __init__(self, parts: BillingParts):
        self.parts = parts
        self.db = parts.container.db
        self.gateway = parts.gateway

    def __call__(self, payload: dict[str, Any]) -> None:
        """Cancel and refund each subscription the lead holds; provider trouble is retried or dead-lettered."""
        lead_id = payload["lead_id"]
        try:
            for subscription_id in self._subscriptions_of(lead_id, payload.get("subscription_id")):
                self._unwind(lead_id, subscription_id)
        except PaymentGatewayError as exc:
            if exc.retryable:
                raise RetryableJobError(str(exc), exc.retry_after) from exc
            raise PermanentJobError(str(exc)) from exc

    def _subscriptions_of(self, lead_id: str, named: str | None) -> list[str]:
        """The lead's subscriptions in the mirror and at Stripe, plus the one the event named.

        Stripe is asked too because she may have paid a moment ago, before its webhook reached the mirror.
        """
        with self.db.transaction() as session:
            found = list(
                session.execute(select(subscriptions.c.id).where(subscriptions.c.lead_id == lead_id)).scalars()
            )
            customer_ids = list(
                session.execute(
                    select(customers.c.stripe_customer_id).where(
                        customers.c.lead_id == lead_id, customers.c.stripe_customer_id.is_not(None)
                    )
                ).scalars()
            )
        for customer_id in customer_ids:
            found += [s.id for s in self.gateway.list_subscriptions(customer_id) if s.lead_id == lead_id]
        if named:
            found.append(named)
        return list(dict.fromkeys(found))

    def _unwind(self, lead_id: str, subscription_id: str) -> None:
        """Cancel one subscription at once and refund its latest payment."""
        sub = self.gateway.get_subscription(subscription_id)
        if sub.lead_id is not None and sub.lead_id != lead_id:
            return  # the event named someone else's subscription; never touch it
        if sub.status not in ENDED:
            self.gateway.cancel_now(subscription_id)
        # Writes the mirror and tells leads the subscription ended, as any cancellation does.
        self.parts.sync.refresh_subscription(subscription_id)
        invoice = latest_paid_invoice(self.gateway.list_invoices(sub.customer_id), sub.id)
        if invoice is None:
            return
        with self.db.transaction() as session:
            refund = refund_of_invoice(session, invoice.id)
        if refund is None:
            intent = self.gateway.invoice_payment_intent(invoice.id)
            if intent is None:
                return
            refund = self.gateway.refund_payment(
                intent,
                idempotency_key=f"decline-refund:{invoice.id}",
                metadata={"invoice_id": invoice.id, "subscription_id": sub.id},
            )
        self._record(lead_id, sub, invoice, refund)
        self.parts.sync.refresh_charge(refund.charge_id)

    def _record(self, lead_id: str, sub: SubscriptionState, invoice: InvoiceState, refund: RefundState) -> None:
        """Keep the refund in the mirror and queue the person's email in the same transaction."""
        outbox = self.parts.container.infra.outbox
        with self.db.transaction() as session:
            write_refund(session, refund, invoice_id=invoice.id, subscription_id=sub.id)
            email = session.execute(
                select(customers.c.email).where(customers.c.stripe_customer_id == sub.customer_id)
            ).scalar()
            first_name = session.execute(
                select(cleared_leads.c.first_name).where(cleared_leads.c.lead_id == lead_id)
            ).scalar()
            if email is None:
                return
            message = compose(
                "decline_refund",
                email,
                self.parts.settings,
                first_name=first_name,
                amount=money(refund.amount, refund.currency),
            )
            queue_email(session, outbox, message, dedupe_key=f"decline-refund:{invoice.id}")
