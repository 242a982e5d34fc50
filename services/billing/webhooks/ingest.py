"""POST /webhooks/stripe: verify the raw body, store the event once, answer 2xx at once."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, jsonify, request

from services.billing.bootstrap import current_parts
from services.billing.webhooks.signature import SignatureError, verify
from services.billing.webhooks.store import store_event
from services.billing.webhooks.translate import MalformedEvent, read_event
from services.kit.errors import error_response

log = logging.getLogger(__name__)

bp = Blueprint("stripe_webhooks", __name__)


@bp.post("/webhooks/stripe")
def receive() -> Response:
    """Take one Stripe event: signature first, then store; processing happens in the worker."""
    parts = current_parts()
    settings = parts.settings
    body = request.get_data(cache=False)
    try:
        verify(
            body,
            request.headers.get("Stripe-Signature"),
            settings.stripe_webhook_secrets,
            tolerance=settings.stripe_webhook_tolerance,
        )
        event = read_event(body)
    except SignatureError as exc:
        log.warning("stripe webhook refused", extra={"reason": str(exc)})
        return error_response(400, "The Stripe signature is missing, wrong or too old.")
    except MalformedEvent as exc:
        return error_response(400, f"Not a Stripe event: {exc}.")
    container = parts.container
    fresh = store_event(container.db, container.infra.outbox, event, body, fast=parts.ingest_engine)
    return jsonify({"received": True, "duplicate": not fresh})
