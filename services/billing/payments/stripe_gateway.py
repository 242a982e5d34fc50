"""The payment port on Stripe's official library (or the local stand-in at the same address)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import stripe

from services.billing.payments import stripe_shapes as shapes
from services.billing.payments.port import (
    ChargeState,
    CheckoutRequest,
    CheckoutSession,
    InvoiceState,
    NotFoundAtProvider,
    PaymentGatewayError,
    PromotionCodeState,
    RefundState,
    SubscriptionState,
)

T = TypeVar("T")


def build_stripe_client(api_key: str, api_base: str, *, timeout: float = 20.0, retries: int = 1) -> stripe.StripeClient:
    """Build a StripeClient whose every address points at `api_base` (Stripe itself or the stand-in)."""
    base = api_base.rstrip("/")
    addresses: Any = {"api": base, "files": base, "connect": base}
    return stripe.StripeClient(
        api_key,
        base_addresses=addresses,
        max_network_retries=retries,
        http_client=stripe.RequestsClient(timeout=timeout),
    )


def _retry_after(error: stripe.StripeError) -> float | None:
    """Read how long Stripe asked us to wait."""
    raw = (error.headers or {}).get("Retry-After") if error.headers else None
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None


@contextmanager
def translated_errors() -> Iterator[None]:
    """Turn the library's exceptions into the port's, classified for retrying."""
    try:
        yield
    except stripe.InvalidRequestError as exc:
        # Stripe answers 404 for an unknown id in the path and 400 resource_missing for one in a parameter.
        if exc.http_status == 404 or exc.code == "resource_missing":
            raise NotFoundAtProvider(
                exc.user_message or "not found", status=exc.http_status or 404, param=exc.param
            ) from exc
        message = exc.user_message or "invalid request"
        raise PaymentGatewayError(message, status=exc.http_status, retryable=False) from exc
    except (stripe.RateLimitError, stripe.IdempotencyError) as exc:
        raise PaymentGatewayError(
            "Stripe asked us to slow down", status=exc.http_status, retryable=True, retry_after=_retry_after(exc)
        ) from exc
    except stripe.APIConnectionError as exc:
        raise PaymentGatewayError("Stripe unreachable", retryable=True) from exc
    except stripe.StripeError as exc:
        status = exc.http_status
        retryable = status is None or status >= 500 or status == 409
        raise PaymentGatewayError(f"Stripe answered {status}", status=status, retryable=retryable) from exc


def _call(fn: Callable[[], Any]) -> dict[str, Any]:
    """Run one library call and return the object as a plain dict."""
    with translated_errors():
        return fn().to_dict()


class StripePaymentGateway:
    """PaymentGateway on a StripeClient built in the composition root."""

    def __init__(self, client: stripe.StripeClient):
        self.client = client

    def create_customer(self, email: str, customer_ref: str, *, idempotency_key: str) -> str:
        """Create a customer carrying only the email and our reference."""
        params: Any = {"email": email, "metadata": {"customer_ref": customer_ref}}
        return _call(lambda: self.client.v1.customers.create(params, {"idempotency_key": idempotency_key}))["id"]

    def create_checkout_session(self, request: CheckoutRequest) -> CheckoutSession:
        """Open a subscription-mode Checkout Session for an existing customer."""
        metadata = {"lead_id": request.lead_id}
        params: Any = {
            "mode": "subscription",
            "customer": request.customer_id,
            "line_items": [{"price": request.price_id, "quantity": 1}],
            "client_reference_id": request.lead_id,
            "metadata": metadata,
            "subscription_data": {"metadata": metadata},
            "allow_promotion_codes": True,
            "success_url": request.success_url,
            "cancel_url": request.cancel_url,
        }
        options: Any = {"idempotency_key": request.idempotency_key}
        return shapes.checkout_session(_call(lambda: self.client.v1.checkout.sessions.create(params, options)))

    def get_checkout_session(self, session_id: str) -> CheckoutSession:
        """Fetch a Checkout Session."""
        return shapes.checkout_session(_call(lambda: self.client.v1.checkout.sessions.retrieve(session_id)))

    def create_portal_session(self, customer_id: str, return_url: str) -> str:
        """Open a Customer Portal session and return its URL."""
        params: Any = {"customer": customer_id, "return_url": return_url}
        return str(_call(lambda: self.client.v1.billing_portal.sessions.create(params))["url"])

    def get_subscription(self, subscription_id: str) -> SubscriptionState:
        """Fetch a subscription."""
        return shapes.subscription(_call(lambda: self.client.v1.subscriptions.retrieve(subscription_id)))

    def list_subscriptions(self, customer_id: str) -> list[SubscriptionState]:
        """Fetch every subscription of a customer, ended ones included."""
        params: Any = {"customer": customer_id, "status": "all", "limit": 100}
        with translated_errors():
            found = self.client.v1.subscriptions.list(params).auto_paging_iter()
            return [shapes.subscription(s.to_dict()) for s in found]

    def get_invoice(self, invoice_id: str) -> InvoiceState:
        """Fetch an invoice."""
        return shapes.invoice(_call(lambda: self.client.v1.invoices.retrieve(invoice_id)))

    def list_invoices(self, customer_id: str) -> list[InvoiceState]:
        """Fetch a customer's invoices, newest first."""
        params: Any = {"customer": customer_id, "limit": 100}
        with translated_errors():
            return [shapes.invoice(i.to_dict()) for i in self.client.v1.invoices.list(params).auto_paging_iter()]

    def set_cancel_at_period_end(self, subscription_id: str, cancel: bool) -> SubscriptionState:
        """Schedule or withdraw cancellation at the end of the current period."""
        params: Any = {"cancel_at_period_end": cancel}
        return shapes.subscription(_call(lambda: self.client.v1.subscriptions.update(subscription_id, params)))

    def cancel_now(self, subscription_id: str) -> SubscriptionState:
        """End a subscription at once."""
        return shapes.subscription(_call(lambda: self.client.v1.subscriptions.cancel(subscription_id)))

    def redact_customer(self, customer_id: str) -> None:
        """Blank name and email (an empty string unsets a field on Stripe); invoices and charges are kept."""
        params: Any = {"name": "", "email": ""}
        _call(lambda: self.client.v1.customers.update(customer_id, params))

    def invoice_payment_intent(self, invoice_id: str) -> str | None:
        """Find the paid InvoicePayment of an invoice (API 2025-03-31 on) and return its PaymentIntent."""
        params: Any = {"invoice": invoice_id, "status": "paid", "limit": 10}
        with translated_errors():
            found = self.client.v1.invoice_payments.list(params).data
        for payment in found:
            intent = (payment.to_dict().get("payment") or {}).get("payment_intent")
            if intent:
                return shapes.id_of(intent)
        return None

    def refund_payment(self, payment_intent_id: str, *, idempotency_key: str, metadata: dict[str, str]) -> RefundState:
        """Refund what is left of a payment (Refund.create with the payment_intent), once per key."""
        params: Any = {"payment_intent": payment_intent_id, "metadata": metadata}
        options: Any = {"idempotency_key": idempotency_key}
        return shapes.refund(_call(lambda: self.client.v1.refunds.create(params, options)))

    def get_charge(self, charge_id: str) -> ChargeState:
        """Fetch a charge with its refunds expanded, and the invoice its PaymentIntent paid."""
        params: Any = {"expand": ["refunds"]}
        data = _call(lambda: self.client.v1.charges.retrieve(charge_id, params))
        intent = shapes.id_of(data.get("payment_intent"))
        invoice_id = None
        if intent:
            query: Any = {"payment": {"type": "payment_intent", "payment_intent": intent}, "limit": 1}
            with translated_errors():
                found = self.client.v1.invoice_payments.list(query).data
            invoice_id = shapes.id_of(found[0].to_dict().get("invoice")) if found else None
        return shapes.charge(data, invoice_id)

    def list_promotion_codes(self) -> list[PromotionCodeState]:
        """Fetch every promotion code and the coupons they grant (two list walks, joined here)."""
        params: Any = {"limit": 100}
        with translated_errors():
            coupons = {c.id: c.to_dict() for c in self.client.v1.coupons.list(params).auto_paging_iter()}
            codes = [p.to_dict() for p in self.client.v1.promotion_codes.list(params).auto_paging_iter()]
        return [shapes.promotion_code(code, coupons) for code in codes]

    def decline_reason(self, invoice_id: str) -> str | None:
        """Read decline_code (else code) from last_payment_error of the invoice's PaymentIntent still waiting."""
        params: Any = {"invoice": invoice_id, "status": "open", "limit": 10}
        with translated_errors():
            found = self.client.v1.invoice_payments.list(params).data
            for payment in found:
                intent_id = shapes.id_of((payment.to_dict().get("payment") or {}).get("payment_intent"))
                if not intent_id:
                    continue
                error = self.client.v1.payment_intents.retrieve(intent_id).to_dict().get("last_payment_error") or {}
                reason = error.get("decline_code") or error.get("code")
                if reason:
                    return str(reason)[:40]
        return None
