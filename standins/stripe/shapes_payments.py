"""Payment intents, charges, invoice payments and refunds with the fields Stripe returns."""

from __future__ import annotations

from typing import Any

from .cards import KnownCard
from .ids import new_id


def payment_intent(now: int, invoice: dict[str, Any], payment_method: str | None) -> dict[str, Any]:
    """Return the succeeded PaymentIntent that collected an invoice."""
    intent_id = new_id("pi")
    return {
        "id": intent_id,
        "object": "payment_intent",
        "amount": invoice["amount_due"],
        "amount_capturable": 0,
        "amount_details": {"tip": {}},
        "amount_received": invoice["amount_due"],
        "application": None,
        "application_fee_amount": None,
        "automatic_payment_methods": None,
        "canceled_at": None,
        "cancellation_reason": None,
        "capture_method": "automatic",
        "client_secret": f"{intent_id}_secret_{new_id('s')[2:]}",
        "confirmation_method": "automatic",
        "created": now,
        "currency": invoice["currency"],
        "customer": invoice["customer"],
        "customer_account": None,
        "description": "Subscription update",
        "excluded_payment_method_types": None,
        "last_payment_error": None,
        "latest_charge": None,
        "livemode": False,
        "managed_payments": None,
        "metadata": {},
        "next_action": None,
        "on_behalf_of": None,
        "payment_method": payment_method,
        "payment_method_configuration_details": None,
        "payment_method_options": {},
        "payment_method_types": ["card"],
        "processing": None,
        "receipt_email": None,
        "review": None,
        "setup_future_usage": "off_session",
        "shipping": None,
        "source": None,
        "statement_descriptor": None,
        "statement_descriptor_suffix": None,
        "status": "succeeded",
        "transfer_data": None,
        "transfer_group": None,
    }


def charge(now: int, intent: dict[str, Any], card: KnownCard, receipt_url: str | None) -> dict[str, Any]:
    """Return the succeeded card Charge of a PaymentIntent."""
    charge_id = new_id("ch")
    return {
        "id": charge_id,
        "object": "charge",
        "amount": intent["amount"],
        "amount_captured": intent["amount"],
        "amount_refunded": 0,
        "application": None,
        "application_fee": None,
        "application_fee_amount": None,
        "balance_transaction": new_id("txn"),
        "billing_details": {
            "address": {
                "city": None,
                "country": None,
                "line1": None,
                "line2": None,
                "postal_code": None,
                "state": None,
            },
            "email": None,
            "name": None,
            "phone": None,
            "tax_id": None,
        },
        "calculated_statement_descriptor": "STRIPE STAND-IN",
        "captured": True,
        "created": now,
        "currency": intent["currency"],
        "customer": intent["customer"],
        "description": intent["description"],
        "disputed": False,
        "failure_balance_transaction": None,
        "failure_code": None,
        "failure_message": None,
        "fraud_details": {},
        "livemode": False,
        "metadata": {},
        "on_behalf_of": None,
        "outcome": {
            "advice_code": None,
            "network_advice_code": None,
            "network_decline_code": None,
            "network_status": "approved_by_network",
            "reason": None,
            "seller_message": "Payment complete.",
            "type": "authorized",
        },
        "paid": True,
        "payment_intent": intent["id"],
        "payment_method": intent["payment_method"],
        "payment_method_details": {
            "card": {
                "brand": card.brand,
                "country": "US",
                "exp_month": 12,
                "exp_year": 2034,
                "funding": "credit",
                "last4": card.last4,
                "network": card.brand,
            },
            "type": "card",
        },
        "receipt_email": None,
        "receipt_number": None,
        "receipt_url": receipt_url,
        "refunded": False,
        "refunds": {"object": "list", "data": [], "has_more": False, "url": f"/v1/charges/{charge_id}/refunds"},
        "review": None,
        "shipping": None,
        "source": None,
        "source_transfer": None,
        "statement_descriptor": None,
        "statement_descriptor_suffix": None,
        "status": "succeeded",
        "transfer_data": None,
        "transfer_group": None,
    }


def mark_declined(charge_obj: dict[str, Any], card: KnownCard) -> None:
    """Turn a charge into the failed charge an issuer's decline leaves behind."""
    charge_obj.update(
        amount_captured=0,
        captured=False,
        paid=False,
        status="failed",
        failure_code="card_declined",
        failure_message=card.message,
        receipt_url=None,
        outcome={
            "advice_code": "try_again_later" if card.decline_code == "insufficient_funds" else "do_not_try_again",
            "network_advice_code": None,
            "network_decline_code": "51" if card.decline_code == "insufficient_funds" else "05",
            "network_status": "declined_by_network",
            "reason": card.decline_code,
            "seller_message": "The bank returned the decline code `" + str(card.decline_code) + "`.",
            "type": "issuer_declined",
        },
    )


def payment_error(charge_obj: dict[str, Any], card: KnownCard) -> dict[str, Any]:
    """Return the PaymentIntent's last_payment_error for a declined charge."""
    return {
        "advice_code": charge_obj["outcome"]["advice_code"],
        "charge": charge_obj["id"],
        "code": "card_declined",
        "decline_code": card.decline_code,
        "doc_url": "https://stripe.com/docs/error-codes/card-declined",
        "message": card.message,
        "network_advice_code": None,
        "network_decline_code": charge_obj["outcome"]["network_decline_code"],
        "param": None,
        "payment_method": {"id": charge_obj["payment_method"], "object": "payment_method", "type": "card"},
        "type": "card_error",
    }


def invoice_payment(now: int, invoice: dict[str, Any], intent: dict[str, Any]) -> dict[str, Any]:
    """Return the InvoicePayment tying an invoice to the PaymentIntent that paid it (API 2025-03-31 on)."""
    return {
        "id": new_id("inpay"),
        "object": "invoice_payment",
        "amount_paid": intent["amount_received"],
        "amount_requested": intent["amount"],
        "created": now,
        "currency": intent["currency"],
        "invoice": invoice["id"],
        "is_default": True,
        "livemode": False,
        "payment": {"type": "payment_intent", "payment_intent": intent["id"]},
        "status": "paid",
        "status_transitions": {"canceled_at": None, "paid_at": now},
    }


def refund(
    now: int, charge_obj: dict[str, Any], amount: int, reason: str | None, metadata: dict[str, str]
) -> dict[str, Any]:
    """Return a card refund of part or all of a charge; card refunds succeed at once."""
    return {
        "id": new_id("re"),
        "object": "refund",
        "amount": amount,
        "balance_transaction": new_id("txn"),
        "charge": charge_obj["id"],
        "created": now,
        "currency": charge_obj["currency"],
        "customer": charge_obj["customer"],
        "customer_account": None,
        "destination_details": {
            "card": {
                "reference": None,
                "reference_status": "pending",
                "reference_type": "acquirer_reference_number",
                "type": "refund",
            },
            "type": "card",
        },
        "metadata": metadata,
        "payment_intent": charge_obj["payment_intent"],
        "payment_method": charge_obj["payment_method"],
        "reason": reason,
        "receipt_number": None,
        "source_transfer_reversal": None,
        "status": "succeeded",
        "transfer_reversal": None,
    }
