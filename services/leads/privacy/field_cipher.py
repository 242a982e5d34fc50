"""AES-GCM encryption of personal fields with key ids, so keys rotate by adding a new one."""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "g1"


class KeyConfigError(ValueError):
    """The DATA_ENCRYPTION_KEYS setting cannot be used."""


class DecryptionError(ValueError):
    """A stored value cannot be decrypted with any configured key."""


def parse_keys(spec: str) -> list[tuple[str, bytes]]:
    """Parse "kid:base64key,kid2:base64key" (first is current) into (kid, key) pairs."""
    keys: list[tuple[str, bytes]] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        kid, sep, encoded = part.partition(":")
        if not sep or not kid.isalnum():
            raise KeyConfigError("each key must be written kid:base64key with an alphanumeric kid")
        try:
            key = base64.b64decode(encoded, validate=True)
        except ValueError as exc:
            raise KeyConfigError(f"key {kid} is not base64") from exc
        if len(key) not in (16, 24, 32):
            raise KeyConfigError(f"key {kid} must be 128, 192 or 256 bits")
        keys.append((kid, key))
    if not keys:
        raise KeyConfigError("no data encryption key configured")
    return keys


class FieldCipher:
    """Encrypt with the current key; decrypt with whichever key id the value names."""

    def __init__(self, spec: str):
        pairs = parse_keys(spec)
        self.current_kid = pairs[0][0]
        self.keys = {kid: AESGCM(key) for kid, key in pairs}

    def encrypt(self, plaintext: str, context: str) -> str:
        """Seal `plaintext`; `context` (table.column) is bound as associated data."""
        nonce = os.urandom(12)
        sealed = self.keys[self.current_kid].encrypt(nonce, plaintext.encode(), context.encode())
        return f"{PREFIX}.{self.current_kid}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str, context: str) -> str:
        """Open a value sealed by `encrypt` under the same context."""
        try:
            prefix, kid, body = token.split(".", 2)
            raw = base64.urlsafe_b64decode(body)
            return self.keys[kid].decrypt(raw[:12], raw[12:], context.encode()).decode()
        except (ValueError, KeyError, InvalidTag) as exc:
            raise DecryptionError(f"cannot open value under {context}") from exc

    def encrypt_json(self, value: Any, context: str) -> str:
        """Seal a JSON-serialisable value."""
        return self.encrypt(json.dumps(value, separators=(",", ":"), default=str), context)

    def decrypt_json(self, token: str, context: str) -> Any:
        """Open a value sealed by `encrypt_json`."""
        return json.loads(self.decrypt(token, context))

    def encrypt_optional(self, plaintext: str | None, context: str) -> str | None:
        """Seal a value that may be absent."""
        return None if plaintext is None else self.encrypt(plaintext, context)

    def decrypt_optional(self, token: str | None, context: str) -> str | None:
        """Open a value that may be absent."""
        return None if token is None else self.decrypt(token, context)

    def needs_rotation(self, token: str) -> bool:
        """Tell whether a value was sealed with an older key."""
        return token.split(".", 2)[1] != self.current_kid
