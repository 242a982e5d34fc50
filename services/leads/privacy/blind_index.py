"""Keyed blind indexes: find a person again by email or phone without storing either in the clear."""

from __future__ import annotations

import hashlib
import hmac


def normalise_email(email: str) -> str:
    """Lower-case and trim an address so the same person always hashes the same."""
    return email.strip().lower()


class BlindIndex:
    """HMAC-SHA256 of a normalised value under a secret key, per kind of value."""

    def __init__(self, key: str):
        self.key = key.encode()

    def _digest(self, kind: str, value: str) -> str:
        return hmac.new(self.key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()

    def email(self, email: str) -> str:
        """Index of an email address."""
        return self._digest("email", normalise_email(email))

    def phone(self, e164: str) -> str:
        """Index of a phone number already in E.164 form."""
        return self._digest("phone", e164)

    def ip(self, address: str) -> str:
        """Index of a client address, for rate counting without keeping a raw IP list."""
        return self._digest("ip", address)[:32]
