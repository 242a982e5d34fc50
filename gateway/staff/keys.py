"""The gateway's Ed25519 signing key, its public half, and keys derived from it for other purposes."""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from services.kit.config import ConfigError


class StaffKeys:
    """Hold the token signing key; derive independent keys for form CSRF and stored TOTP secrets."""

    def __init__(self, private_key_pem: str):
        try:
            key = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
        except (ValueError, TypeError) as exc:
            raise ConfigError("STAFF_TOKEN_PRIVATE_KEY is not a readable PEM private key") from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise ConfigError("STAFF_TOKEN_PRIVATE_KEY must be an Ed25519 key (tokens are signed with EdDSA)")
        self.private_key = key
        self._raw = key.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )

    @property
    def public_pem(self) -> str:
        """Return the verification key every service configures as STAFF_TOKEN_PUBLIC_KEY."""
        return (
            self.private_key.public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            .decode()
        )

    def matches_public(self, public_key_pem: str) -> bool:
        """Tell whether `public_key_pem` is the public half of the signing key."""
        try:
            other = serialization.load_pem_public_key(public_key_pem.encode())
        except (ValueError, TypeError):
            return False
        if not isinstance(other, Ed25519PublicKey):
            return False
        raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
        return other.public_bytes(*raw) == self.private_key.public_key().public_bytes(*raw)

    def derive(self, purpose: str, length: int = 32) -> bytes:
        """Derive a key for one `purpose`; keys for different purposes are unrelated."""
        # Derived from the raw key bytes, so re-wrapping the same key in another PEM changes nothing.
        hkdf = HKDF(algorithm=hashes.SHA256(), length=length, salt=b"clinic-gateway-staff", info=purpose.encode())
        return hkdf.derive(self._raw)
