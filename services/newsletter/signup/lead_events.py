"""Events from the leads service: an opt-in during the assessment, and safety holds."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.newsletter.context import Newsletter
from services.newsletter.signup import store
from services.newsletter.signup.identity import clean_email
from services.newsletter.signup.signup import SignupRequest, request_subscription
from services.newsletter.signup.store import Consent
from services.newsletter.subscriber_domain.topics import TOPIC_SLUGS

log = logging.getLogger(__name__)
EventHandler = Callable[[Session, dict[str, Any]], None]


def _when(raw: Any) -> datetime:
    """Read the consent time the leads service recorded, or now."""
    try:
        moment = datetime.fromisoformat(str(raw))
    except ValueError:
        return utcnow()
    return moment if moment.tzinfo else utcnow()


def lead_opt_in_handler(nl: Newsletter) -> EventHandler:
    """Handle lead.newsletter_opt_in: a pending subscriber, and the double opt-in email."""

    def handle(session: Session, event: dict[str, Any]) -> None:
        data = event.get("data") or {}
        try:
            email = clean_email(str(data.get("email", "")))
        except ValueError:
            log.warning("opt-in event without a usable address", extra={"event_id": event.get("id")})
            return
        consent = data.get("consent") or {}
        # The record says "website": it must never reveal that the person took an assessment.
        req = SignupRequest(
            email=email,
            topics=tuple(t for t in data.get("topics") or () if t in TOPIC_SLUGS),
            first_name=(str(data.get("first_name") or "").strip()[:100] or None),
            consent=Consent(
                at=_when(consent.get("at")),
                ip=consent.get("ip"),
                user_agent=consent.get("user_agent"),
                text_version=str(consent.get("text_version") or nl.settings.consent_text_version),
                source="website",
            ),
        )
        outcome = request_subscription(session, nl, req)
        log.info("lead opt-in handled", extra={"outcome": outcome})

    return handle


def marketing_hold_handler(nl: Newsletter) -> EventHandler:
    """Handle contact.marketing_hold: a held address is never mailed until the hold is lifted."""

    def handle(session: Session, event: dict[str, Any]) -> None:
        data = event.get("data") or {}
        raw = str(data.get("email", ""))
        if not raw.strip():
            return
        store.set_hold(session, nl.hasher(raw), bool(data.get("held", True)))

    return handle
