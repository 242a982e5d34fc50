"""An address, normalised, and the keyed hash that finds a person without storing their address."""

from __future__ import annotations

import hashlib
import hmac

from services.newsletter.subscriber_domain.csv_import import normalize_email


class EmailHasher:
    """Keyed hash of lower-cased addresses, used for holds, suppressions and provider events.

    The key is derived from the link-signing key; rotating that key means rehashing these tables.
    """

    def __init__(self, secret: str) -> None:
        self._key = hmac.new(secret.encode(), b"newsletter.email-hash", hashlib.sha256).digest()

    def __call__(self, email: str) -> str:
        """Return the hex digest for an address (any case, surrounding spaces ignored)."""
        return hmac.new(self._key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def clean_email(raw: str) -> str:
    """Return the normalised address; raise ValueError when it is not one."""
    if len(raw) > 320:
        raise ValueError("The address is too long.")
    return normalize_email(raw)
