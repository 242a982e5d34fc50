"""POST /api/billing/checkout-sessions and GET /api/billing/checkout-sessions/{id}."""

from __future__ import annotations

from typing import Any, NoReturn

from flask.views import MethodView
from flask_smorest import Blueprint

from services.billing.bootstrap import current_parts
from services.billing.checkout.schemas import CheckoutCreatedSchema, CheckoutStartSchema, CheckoutStatusSchema
from services.billing.checkout.start import CheckoutRefused, start_checkout
from services.billing.checkout.status import UnknownSession, session_status
from services.billing.http_errors import refuse
from services.billing.payments.port import PaymentGatewayError
from services.kit.no_store import install_no_store

bp = Blueprint(
    "checkout", __name__, url_prefix="/api/billing/checkout-sessions", description="Stripe Checkout for cleared leads"
)
install_no_store(bp)  # members' names, emails and billing states: never kept by a browser or proxy


def refuse_checkout(exc: CheckoutRefused) -> NoReturn:
    """Answer a refusal with its reason and what to do instead."""
    refuse(exc.status, exc.message, {"lead_id": [exc.message], "reason": exc.reason, **exc.extra})


def provider_unavailable(exc: PaymentGatewayError) -> NoReturn:
    """Answer a Stripe failure: 503 to try again when it may pass, 502 otherwise."""
    if exc.retryable:
        refuse(
            503,
            "Payments are briefly unavailable. Please try again in a moment.",
            headers={"Retry-After": str(int(exc.retry_after or 5))},
        )
    refuse(502, "The payment provider refused the request.")


@bp.route("")
class CheckoutSessions(MethodView):
    """Checkout Sessions."""

    @bp.arguments(CheckoutStartSchema)
    @bp.response(201, CheckoutCreatedSchema)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Open a subscription Checkout for a cleared lead living in an area we serve."""
        try:
            session = start_checkout(current_parts(), body["lead_id"])
        except CheckoutRefused as exc:
            refuse_checkout(exc)
        except PaymentGatewayError as exc:
            provider_unavailable(exc)
        return {"id": session.id, "url": session.url}


@bp.route("/<string:session_id>")
class CheckoutSessionStatus(MethodView):
    """One Checkout Session."""

    @bp.response(200, CheckoutStatusSchema)
    def get(self, session_id: str) -> dict[str, Any]:
        """Report the session and subscription status, synced from Stripe (never waits for the webhook)."""
        try:
            return session_status(current_parts(), session_id)
        except UnknownSession:
            refuse(404, "No such checkout session.")
