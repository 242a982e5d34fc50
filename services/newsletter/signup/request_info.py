"""Consent evidence from the request in hand: when, from which address, with which browser."""

from __future__ import annotations

from flask import request

from services.kit.db_types import utcnow
from services.newsletter.signup.store import Consent


def client_ip() -> str | None:
    """Return the client address the gateway saw (the last X-Forwarded-For hop), else the peer's."""
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    return forwarded[-1] if forwarded else request.remote_addr


def consent_from_request(text_version: str, source: str, landing_page: str | None = None) -> Consent:
    """Build the consent record of the current request."""
    return Consent(
        at=utcnow(),
        ip=client_ip(),
        user_agent=request.headers.get("User-Agent", "")[:300] or None,
        text_version=text_version,
        source=source,
        landing_page=landing_page,
    )
