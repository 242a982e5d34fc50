"""Sign Event Webhook bodies exactly as SendGrid does (ECDSA P-256, SHA-256 of timestamp + body)."""

from __future__ import annotations

import base64
import hashlib

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature"
TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp"
# Order of the P-256 group: a private scalar must lie in [1, n - 1].
_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


class EventSigner:
    """The stand-in's event-signing key pair, derived from a seed so its public key never changes."""

    def __init__(self, seed: str) -> None:
        digest = int.from_bytes(hashlib.sha256(seed.encode("utf-8")).digest(), "big")
        self._private_key = ec.derive_private_key(digest % (_P256_ORDER - 1) + 1, ec.SECP256R1())
        der = self._private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self.public_key = base64.b64encode(der).decode("ascii")

    def sign(self, timestamp: str, body: bytes) -> str:
        """Return the base64 DER signature over timestamp + body."""
        signature = self._private_key.sign(timestamp.encode("utf-8") + body, ec.ECDSA(hashes.SHA256()))
        return base64.b64encode(signature).decode("ascii")

    def headers(self, timestamp: str, body: bytes) -> dict[str, str]:
        """The two headers SendGrid puts on a signed Event Webhook request."""
        return {SIGNATURE_HEADER: self.sign(timestamp, body), TIMESTAMP_HEADER: timestamp}
