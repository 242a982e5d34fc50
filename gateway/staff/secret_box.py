"""Encrypt TOTP secrets at rest, so a copy of the database alone cannot mint second-factor codes."""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "v1:"
_CONTEXT = b"staff_users.totp_secret"


class SecretUnreadable(RuntimeError):
    """A stored secret was sealed with another key (STAFF_TOTP_KEY changed) or was altered."""


class SecretBox:
    """Seal and open short secrets with AES-GCM under one 256-bit key."""

    def __init__(self, key: bytes):
        self._aead = AESGCM(key)

    def seal(self, secret: str) -> str:
        """Encrypt `secret` into printable text for a database column."""
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, secret.encode(), _CONTEXT)
        return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()

    def open(self, stored: str) -> str:
        """Decrypt a value made by `seal`; raise SecretUnreadable when that is impossible."""
        if not stored.startswith(PREFIX):
            raise SecretUnreadable("unknown secret format")
        try:
            blob = base64.urlsafe_b64decode(stored[len(PREFIX) :])
            return self._aead.decrypt(blob[:12], blob[12:], _CONTEXT).decode()
        except (InvalidTag, ValueError) as exc:
            raise SecretUnreadable("the secret cannot be decrypted with the current key") from exc
