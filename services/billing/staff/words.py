"""Billing states, amounts and provider events as staff read them: words, never codes or None."""

from __future__ import annotations

# Words for the states a member and a subscription can be in; an unknown state reads as its own words.
ACCESS_WORDS = {
    "active": "Active",
    "ending": "Active until the end of the paid period, then ending",
    "grace": "Payment failed: still active during the grace period",
    "past_due": "Payment overdue",
    "canceled": "Canceled",
    "incomplete": "First payment not completed",
    "none": "Never subscribed",
}
STATUS_WORDS = {
    "active": "Active",
    "trialing": "Trial",
    "past_due": "Payment overdue",
    "unpaid": "Unpaid",
    "canceled": "Canceled",
    "incomplete": "First payment not completed",
    "incomplete_expired": "First payment never completed",
    "paused": "Paused",
    "paid": "Paid",
    "open": "Open",
    "void": "Void",
    "uncollectible": "Uncollectible",
    "draft": "Draft",
}
# The member states staff filter the list by, and the access states each one covers.
STATE_FILTERS = {
    "active": ("Active", ("active",)),
    "past_due": ("Past due", ("grace", "past_due")),
    "ending": ("Ending at period end", ("ending",)),
    "canceled": ("Canceled", ("canceled",)),
}
# What each Stripe event means for the member, for the timeline.
EVENT_WORDS = {
    "checkout.session.completed": "Finished checkout",
    "checkout.session.expired": "Checkout link expired unused",
    "customer.subscription.created": "Membership started",
    "customer.subscription.updated": "Membership changed",
    "customer.subscription.deleted": "Membership ended",
    "customer.subscription.paused": "Membership paused",
    "customer.subscription.resumed": "Membership resumed",
    "invoice.created": "Invoice created",
    "invoice.finalized": "Invoice issued",
    "invoice.paid": "Invoice paid",
    "invoice.payment_succeeded": "Payment received",
    "invoice.payment_failed": "Payment failed",
    "invoice.payment_action_required": "Bank asked the member to confirm a payment",
    "invoice.voided": "Invoice voided",
    "invoice.upcoming": "Renewal coming up",
    "charge.refunded": "Payment refunded",
    "charge.refund.updated": "Refund updated",
    "refund.created": "Refund issued",
    "refund.updated": "Refund updated",
    "customer.created": "Billing account created",
    "customer.updated": "Billing details changed",
    "customer.deleted": "Billing account deleted",
}
# Staff actions recorded in the audit log, for the timeline.
ACTION_WORDS = {
    "billing.cancel_at_period_end": "Staff set the membership to end at the close of the paid period",
    "billing.resume": "Staff withdrew the cancellation",
    "billing.cancel_now": "Staff ended the membership at once",
    "billing.cancel_now_refund": "Staff ended the membership at once and refunded the last payment",
    "billing.resend_manage_link": "Staff emailed the manage-billing link",
}
EVENT_STATUS_WORDS = {"failed": "Failed", "pending": "Waiting", "processed": "Done"}


def words(table: dict[str, str], code: str | None) -> str:
    """A state in words, never a code or None."""
    if not code:
        return "—"
    return table.get(code, code.replace("_", " ").replace(".", " ").capitalize())


def money(cents: int | None, currency: str | None = "usd") -> str:
    """$250.00 for 25000 US cents."""
    amount = (cents or 0) / 100
    return f"${amount:,.2f}" if (currency or "usd").lower() == "usd" else f"{amount:,.2f} {(currency or '').upper()}"


def discount_words(
    percent_off: float | None, amount_off: int | None, currency: str | None, duration: str, months: int | None
) -> str:
    """A coupon's terms as a sentence part, e.g. "$50.00 off the first month" or "20% off every month"."""
    if percent_off is not None:
        off = f"{percent_off:g}% off"
    else:
        off = f"{money(amount_off, currency)} off"
    if duration == "forever":
        return f"{off} every month"
    if duration == "repeating" and months:
        return f"{off} each of the first {months} months" if months > 1 else f"{off} the first month"
    return f"{off} the first month"


# The card issuer's reasons (Stripe's decline codes) staff are most likely to meet, in words.
DECLINE_WORDS = {
    "insufficient_funds": "Not enough money on the card",
    "generic_decline": "The bank declined it without giving a reason",
    "do_not_honor": "The bank declined it without giving a reason",
    "expired_card": "The card has expired",
    "incorrect_cvc": "The security code was wrong",
    "lost_card": "The card was reported lost",
    "stolen_card": "The card was reported stolen",
    "card_velocity_exceeded": "The card's spending limit was reached",
    "authentication_required": "The bank wants the member to confirm the payment",
    "card_declined": "The bank declined it",
}
