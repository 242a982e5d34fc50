"""POST /api/newsletter/subscriptions: sign up, answered the same way whatever the address's history."""

from __future__ import annotations

import logging
from typing import Any

from flask_smorest import Blueprint

from services.newsletter.bootstrap import current_parts
from services.newsletter.signup.request_info import consent_from_request
from services.newsletter.signup.schemas import ACCEPTED, SubscriptionAcceptedSchema, SubscriptionRequestSchema
from services.newsletter.signup.signup import SignupRequest, request_subscription

log = logging.getLogger(__name__)
blp = Blueprint("subscriptions", __name__, url_prefix="/api/newsletter", description="Newsletter sign-up")


def accept_signup(data: dict[str, Any]) -> None:
    """Store the request (unless the honeypot is filled) and queue its email."""
    if data.get("website"):
        log.info("sign-up honeypot filled; ignored")
        return
    nl = current_parts()
    req = SignupRequest(
        email=data["email"],
        topics=tuple(data.get("topics") or ()),
        first_name=data.get("first_name"),
        consent=consent_from_request(
            nl.settings.consent_text_version, data.get("source", "website"), data.get("landing_page")
        ),
    )
    with nl.db.transaction() as session:
        outcome = request_subscription(session, nl, req)
    log.info("sign-up handled", extra={"outcome": outcome})


@blp.post("/subscriptions")
@blp.arguments(SubscriptionRequestSchema)
@blp.response(202, SubscriptionAcceptedSchema)
def subscribe(data: dict[str, Any]) -> dict[str, str]:
    """Ask for the newsletter; a confirmation email follows if the address can receive it."""
    accept_signup(data)
    return ACCEPTED
