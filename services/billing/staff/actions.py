"""What staff may do to a member from the console, each checked against the member's state and audited.

Each action returns the key of its outcome, which the member page words for staff.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.billing.bootstrap import BillingParts
from services.billing.declines.refund_job import latest_paid_invoice
from services.billing.members.lookup import invoice_rows, subscription_rows
from services.billing.mirror.refund_records import refund_of_invoice, write_refund
from services.billing.payments.port import PaymentGatewayError, RefundState
from services.billing.portal.links import send_signin_link
from services.billing.staff.members import change_subscription, current_subscription
from services.kit.audit import record


@dataclass
class ActionRefused(Exception):
    """The action cannot be done now; `message` tells staff why, in words."""

    status: int
    message: str


def _live_subscription(parts: BillingParts, customer_id: str) -> dict[str, object]:
    """Return the member's subscription that has not ended, or refuse."""
    sub = current_subscription(parts, customer_id)
    if sub is None:
        raise ActionRefused(409, "This member has no membership that can be changed: it has ended or never started.")
    return sub


def _provider(exc: PaymentGatewayError) -> ActionRefused:
    """Explain a provider refusal; nothing was changed on our side."""
    if exc.retryable:
        return ActionRefused(503, "Stripe could not be reached. Nothing was changed; please try again in a minute.")
    return ActionRefused(409, f"Stripe refused the change, so nothing was changed: {exc}")


def cancel_at_period_end(parts: BillingParts, customer_id: str, reason: str) -> str:
    """End the membership when the paid period closes."""
    sub = _live_subscription(parts, customer_id)
    if sub["cancel_at_period_end"]:
        raise ActionRefused(409, "This membership is already set to end at the close of the paid period.")
    try:
        change_subscription(parts, str(sub["id"]), "cancel_at_period_end", reason)
    except PaymentGatewayError as exc:
        raise _provider(exc) from exc
    return "cancel-at-period-end"


def resume(parts: BillingParts, customer_id: str, reason: str) -> str:
    """Withdraw a cancellation at period end."""
    sub = _live_subscription(parts, customer_id)
    if not sub["cancel_at_period_end"]:
        raise ActionRefused(409, "This membership is not set to end, so there is nothing to withdraw.")
    try:
        change_subscription(parts, str(sub["id"]), "resume", reason)
    except PaymentGatewayError as exc:
        raise _provider(exc) from exc
    return "resume"


def refund_due(parts: BillingParts, customer_id: str) -> str | None:
    """Return the member's newest subscription if it ended with a paid invoice never refunded, per the mirror."""
    subs = subscription_rows(parts, customer_id)
    if not subs or subs[0]["status"] not in ("canceled", "incomplete_expired"):
        return None
    paid = [
        i
        for i in invoice_rows(parts, customer_id)
        if i["subscription_id"] == subs[0]["id"] and i["status"] == "paid" and i["amount_paid"] > 0
    ]
    return str(subs[0]["id"]) if paid and not paid[0]["amount_refunded"] else None


def cancel_now_with_refund(parts: BillingParts, customer_id: str, reason: str) -> str:
    """End the membership at once and refund what is left of its latest payment, once.

    If the membership already ended but its last payment was never refunded (say Stripe failed half way),
    the same action refunds it now.
    """
    sub = current_subscription(parts, customer_id)
    sub_id = str(sub["id"]) if sub else refund_due(parts, customer_id)
    if sub_id is None:
        raise ActionRefused(409, "This member has no membership that can be changed: it has ended or never started.")
    try:
        if sub is not None:
            parts.gateway.cancel_now(sub_id)
            parts.sync.refresh_subscription(sub_id)
        with parts.container.db.transaction() as session:
            record(session, parts.container.infra.audit, "billing.cancel_now_refund", "member", customer_id, reason)
    except PaymentGatewayError as exc:
        raise _provider(exc) from exc
    try:
        refund = _refund_latest(parts, customer_id, sub_id)
    except PaymentGatewayError as exc:
        raise ActionRefused(
            503 if exc.retryable else 409,
            "The membership has ended, but Stripe did not make the refund. Use the refund button to try again.",
        ) from exc
    return "cancel-now" if refund is None else "cancel-now-refund"


def _refund_latest(parts: BillingParts, customer_id: str, sub_id: str) -> RefundState | None:
    """Refund the newest paid invoice of the subscription, unless the mirror already holds its refund."""
    invoice = latest_paid_invoice(parts.gateway.list_invoices(customer_id), sub_id)
    if invoice is None:
        return None
    with parts.container.db.transaction() as session:
        refund = refund_of_invoice(session, invoice.id)
    if refund is not None:
        return refund
    intent = parts.gateway.invoice_payment_intent(invoice.id)
    if intent is None:
        return None
    refund = parts.gateway.refund_payment(
        intent,
        idempotency_key=f"staff-refund:{invoice.id}",
        metadata={"invoice_id": invoice.id, "subscription_id": sub_id},
    )
    with parts.container.db.transaction() as session:
        write_refund(session, refund, invoice_id=invoice.id, subscription_id=sub_id)
    parts.sync.refresh_charge(refund.charge_id)
    return refund


def resend_manage_link(parts: BillingParts, customer_id: str, email: str, reason: str) -> str:
    """Email the member a fresh sign-in link to manage their billing."""
    if not send_signin_link(parts, email):
        raise ActionRefused(409, "This person has no billing account yet, so there is nothing to manage.")
    with parts.container.db.transaction() as session:
        record(session, parts.container.infra.audit, "billing.resend_manage_link", "member", customer_id, reason)
    return "resend-manage-link"
