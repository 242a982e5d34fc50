"""Verify SendGrid's Event Webhook signature: ECDSA P-256 over SHA-256 of timestamp + raw body."""

from __future__ import annotations

import base64
import binascii

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature"
TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp"


class BadSignature(Exception):
    """The request was not signed by the holder of the configured key."""


class WebhookVerifier:
    """Check signatures with the public key SendGrid shows (base64 DER, or PEM)."""

    def __init__(self, public_key: str) -> None:
        key = public_key.strip()
        if key.startswith("-----BEGIN"):
            loaded = serialization.load_pem_public_key(key.encode())
        else:
            loaded = serialization.load_der_public_key(base64.b64decode(key))
        if not isinstance(loaded, ec.EllipticCurvePublicKey):
            raise ValueError("the SendGrid webhook key must be an elliptic-curve public key")
        self._key = loaded

    def verify(self, body: bytes, signature: str | None, timestamp: str | None) -> None:
        """Raise BadSignature unless `signature` signs timestamp + body exactly as received."""
        if not signature or not timestamp:
            raise BadSignature("missing signature headers")
        try:
            der = base64.b64decode(signature, validate=True)
        except (binascii.Error, ValueError):
            raise BadSignature("signature is not base64") from None
        try:
            self._key.verify(der, timestamp.encode() + body, ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            raise BadSignature("signature does not match") from None
