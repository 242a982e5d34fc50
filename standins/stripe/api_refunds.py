"""/v1/refunds, and the charges, payment intents and invoice payments a refund is made against."""

from __future__ import annotations

from flask import Blueprint

from . import charges, refunds
from .api_gate import guard, locked, params, reply
from .errors import invalid
from .formdata import as_int, as_str, metadata, only
from .listing import page
from .standin import standin

bp = Blueprint("stripe_refunds", __name__, url_prefix="/v1")
guard(bp)

PAGING = ("limit", "starting_after", "ending_before", "created")


@bp.post("/refunds")
@locked
def create_refund():  # type: ignore[no-untyped-def]
    """Refund a charge, named directly or by its PaymentIntent; the amount defaults to all that is left."""
    p = params()
    only(p, ("charge", "payment_intent", "amount", "reason", "metadata"))
    store = standin().store
    paid = refunds.charge_to_refund(store, as_str(p, "charge"), as_str(p, "payment_intent"))
    made = refunds.create(store, paid, as_int(p, "amount"), as_str(p, "reason"), metadata(p))
    return reply(made)


@bp.get("/refunds")
@locked
def list_refunds():  # type: ignore[no-untyped-def]
    """List refunds, newest first, of a charge or PaymentIntent."""
    p = params()
    only(p, ("charge", "payment_intent", *PAGING))
    found = refunds.refunds_of(standin().store, as_str(p, "charge"), as_str(p, "payment_intent"))
    return reply(page(standin().store, found, "/v1/refunds", p))


@bp.get("/refunds/<refund_id>")
@locked
def get_refund(refund_id: str):  # type: ignore[no-untyped-def]
    """Retrieve a refund."""
    only(params(), ())
    return reply(standin().store.get("refund", refund_id))


@bp.get("/charges/<charge_id>")
@locked
def get_charge(charge_id: str):  # type: ignore[no-untyped-def]
    """Retrieve a charge with its refunded amount."""
    only(params(), ())
    return reply(standin().store.get("charge", charge_id))


@bp.get("/payment_intents/<intent_id>")
@locked
def get_payment_intent(intent_id: str):  # type: ignore[no-untyped-def]
    """Retrieve a PaymentIntent."""
    only(params(), ())
    return reply(standin().store.get("payment_intent", intent_id))


@bp.get("/invoice_payments")
@locked
def list_invoice_payments():  # type: ignore[no-untyped-def]
    """List the payments of an invoice, or the invoice payments of a PaymentIntent."""
    p = params()
    only(p, ("invoice", "payment", "status", *PAGING))
    payment = p.get("payment")
    intent_id = None
    if payment is not None:
        if not isinstance(payment, dict) or payment.get("type") != "payment_intent":
            raise invalid("payment", "payment[type] must be payment_intent, with payment[payment_intent].")
        intent_id = as_str(payment, "payment_intent")
    status = as_str(p, "status")
    found = [
        ip
        for ip in charges.payments_of(standin().store, as_str(p, "invoice"), intent_id)
        if status is None or ip["status"] == status
    ]
    return reply(page(standin().store, found, "/v1/invoice_payments", p))


@bp.get("/invoice_payments/<payment_id>")
@locked
def get_invoice_payment(payment_id: str):  # type: ignore[no-untyped-def]
    """Retrieve an invoice payment."""
    only(params(), ())
    return reply(standin().store.get("invoice_payment", payment_id))
