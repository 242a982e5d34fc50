"""Dunning: tell a member their payment failed or needs their bank's confirmation, and how to fix it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from services.billing.mail.compose import compose
from services.billing.payments.port import InvoiceState
from services.billing.settings import BillingSettings
from services.billing.tables import customers, subscriptions
from services.kit.email_jobs import queue_email

KINDS = {"invoice.payment_failed": "payment_failed", "invoice.payment_action_required": "action_required"}


def money(cents: int, currency: str) -> str:
    """Format an amount the way the member saw it at checkout."""
    symbol = "$" if currency.lower() == "usd" else currency.upper() + " "
    return f"{symbol}{cents / 100:,.2f}"


def queue_notice(
    session: Session, outbox: Table, settings: BillingSettings, event_type: str, inv: InvoiceState
) -> bool:
    """Queue the email for a payment problem, once per invoice attempt; skip invoices already settled."""
    kind = KINDS.get(event_type)
    if kind is None or inv.status != "open":
        return False
    email = session.execute(select(customers.c.email).where(customers.c.stripe_customer_id == inv.customer_id)).scalar()
    if email is None:
        return False
    grace_until = None
    if inv.subscription_id:
        start = session.execute(
            select(subscriptions.c.current_period_start).where(subscriptions.c.id == inv.subscription_id)
        ).scalar()
        if start is not None:
            grace_until = (start + timedelta(days=settings.grace_days)).strftime("%B %-d, %Y")
    message = compose(
        kind,
        email,
        settings,
        amount=money(inv.amount_due, inv.currency),
        grace_until=grace_until,
        invoice_url=inv.hosted_invoice_url,
        manage_url=settings.public_url.rstrip("/") + "/billing/manage",
    )
    # One email per failed attempt: a charge needing authentication off-session is reported by Stripe as both
    # payment_action_required and payment_failed, and the member should hear about it once.
    queue_email(session, outbox, message, dedupe_key=f"dunning:{inv.id}:{inv.attempt_count}")
    return True
