"""POST /webhooks/sendgrid: signature first, then store each event once; processing happens in the worker."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from services.kit.errors import error_response
from services.newsletter.bootstrap import current_parts
from services.newsletter.webhooks.event_store import store_events
from services.newsletter.webhooks.signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, BadSignature, WebhookVerifier
from services.newsletter.webhooks.translate import parse_batch

log = logging.getLogger(__name__)
bp = Blueprint("sendgrid_webhook", __name__)
MAX_BODY = 8 * 1024 * 1024
VERIFIER = "sendgrid_webhook_verifier"


@bp.post("/webhooks/sendgrid")
def receive_events() -> ResponseReturnValue:
    """Verify the batch's signature, then store each new event; one bad event never fails the batch."""
    request.max_content_length = MAX_BODY
    body = request.get_data(cache=False)
    verifier: WebhookVerifier = current_app.extensions[VERIFIER]
    try:
        verifier.verify(body, request.headers.get(SIGNATURE_HEADER), request.headers.get(TIMESTAMP_HEADER))
    except BadSignature as exc:
        log.warning("sendgrid webhook signature rejected")
        return error_response(400, f"Signature check failed: {exc}.")
    try:
        events, rejected = parse_batch(body)
    except ValueError:
        return error_response(400, "The body must be a JSON array of events.")
    nl = current_parts()
    with nl.db.transaction() as session:
        stored = store_events(session, nl.hasher, events, nl.db.is_postgres)
    log.info("sendgrid events received", extra={"stored": stored, "rejected": rejected, "received": len(events)})
    return jsonify(
        {"received": len(events), "stored": stored, "duplicates": len(events) - stored, "rejected": rejected}
    )
