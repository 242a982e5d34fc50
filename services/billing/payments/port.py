"""The payment port: what billing needs from a payment provider, in our own types."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class PaymentGatewayError(Exception):
    """The provider did not do what we asked; `retryable` says whether trying again can help."""

    def __init__(self, message: str, *, status: int | None = None, retryable: bool, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after


class NotFoundAtProvider(PaymentGatewayError):
    """The provider does not know the object; `param` names the parameter that referred to it, if any."""

    def __init__(self, message: str, *, status: int = 404, param: str | None = None):
        super().__init__(message, status=status, retryable=False)
        self.param = param


@dataclass(frozen=True)
class CheckoutRequest:
    """A subscription Checkout for one person, carrying our ids only."""

    customer_id: str
    price_id: str
    lead_id: str
    success_url: str
    cancel_url: str
    idempotency_key: str


@dataclass(frozen=True)
class CheckoutSession:
    """A Checkout Session as billing sees it."""

    id: str
    url: str | None
    status: str  # open | complete | expired
    payment_status: str
    customer_id: str | None
    subscription_id: str | None
    lead_id: str | None
    expires_at: int | None


@dataclass(frozen=True)
class SubscriptionState:
    """A subscription as the provider holds it now; the period comes from its item."""

    id: str
    customer_id: str
    status: str
    cancel_at_period_end: bool
    cancel_at: int | None
    canceled_at: int | None
    ended_at: int | None
    current_period_start: int | None
    current_period_end: int | None
    price_id: str | None
    amount_cents: int
    currency: str
    lead_id: str | None
    latest_invoice_id: str | None
    created: int
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class InvoiceState:
    """An invoice as the provider holds it now."""

    id: str
    customer_id: str
    subscription_id: str | None
    status: str
    amount_due: int
    amount_paid: int
    currency: str
    number: str | None
    hosted_invoice_url: str | None
    invoice_pdf: str | None
    attempt_count: int
    next_payment_attempt: int | None
    billing_reason: str | None
    created: int
    paid_at: int | None
    amount_discount: int = 0


@dataclass(frozen=True)
class RefundState:
    """A refund of (part of) one card payment, as the provider holds it now."""

    id: str
    charge_id: str
    payment_intent_id: str | None
    amount: int
    currency: str
    status: str  # pending | requires_action | succeeded | failed | canceled
    reason: str | None
    created: int


@dataclass(frozen=True)
class ChargeState:
    """A card payment with what has been refunded of it, and the invoice it paid when there is one."""

    id: str
    payment_intent_id: str | None
    customer_id: str | None
    amount: int
    amount_refunded: int
    currency: str
    invoice_id: str | None
    refunds: tuple[RefundState, ...] = ()


@dataclass(frozen=True)
class PromotionCodeState:
    """A customer-facing promotion code and the terms of the coupon it grants."""

    id: str
    code: str
    active: bool
    times_redeemed: int
    max_redemptions: int | None
    expires_at: int | None
    percent_off: float | None
    amount_off: int | None
    currency: str | None
    duration: str  # once | repeating | forever
    duration_in_months: int | None
    created: int


class PaymentGateway(Protocol):
    """Customers, Checkout, Portal and subscriptions at the payment provider."""

    def create_customer(self, email: str, customer_ref: str, *, idempotency_key: str) -> str:
        """Create a customer for one person; return its id."""
        ...

    def create_checkout_session(self, request: CheckoutRequest) -> CheckoutSession:
        """Open a subscription-mode Checkout Session."""
        ...

    def get_checkout_session(self, session_id: str) -> CheckoutSession:
        """Fetch a Checkout Session."""
        ...

    def create_portal_session(self, customer_id: str, return_url: str) -> str:
        """Open a Customer Portal session; return its URL."""
        ...

    def get_subscription(self, subscription_id: str) -> SubscriptionState:
        """Fetch a subscription."""
        ...

    def list_subscriptions(self, customer_id: str) -> list[SubscriptionState]:
        """Fetch every subscription of a customer, ended ones included."""
        ...

    def get_invoice(self, invoice_id: str) -> InvoiceState:
        """Fetch an invoice."""
        ...

    def list_invoices(self, customer_id: str) -> list[InvoiceState]:
        """Fetch a customer's invoices, newest first."""
        ...

    def set_cancel_at_period_end(self, subscription_id: str, cancel: bool) -> SubscriptionState:
        """Schedule or withdraw cancellation at the end of the current period."""
        ...

    def cancel_now(self, subscription_id: str) -> SubscriptionState:
        """End a subscription at once."""
        ...

    def redact_customer(self, customer_id: str) -> None:
        """Blank the customer's name and email at the provider; its financial records stay."""
        ...

    def invoice_payment_intent(self, invoice_id: str) -> str | None:
        """Return the PaymentIntent that paid an invoice, if money changed hands."""
        ...

    def refund_payment(self, payment_intent_id: str, *, idempotency_key: str, metadata: dict[str, str]) -> RefundState:
        """Refund all that is left of a payment; the key makes a repeat return the first refund."""
        ...

    def get_charge(self, charge_id: str) -> ChargeState:
        """Fetch a charge with its refunds and the invoice it paid."""
        ...

    def list_promotion_codes(self) -> list[PromotionCodeState]:
        """Fetch every promotion code with its coupon's terms, newest first."""
        ...

    def decline_reason(self, invoice_id: str) -> str | None:
        """Return the card issuer's reason for the invoice's latest failed payment, if there is one."""
        ...
