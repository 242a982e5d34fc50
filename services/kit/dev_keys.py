"""Well-known development keys, so a fresh clone runs with no setup; production never uses them."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def _dev_private_key() -> Ed25519PrivateKey:
    """Derive the development staff-token key from a public, fixed seed."""
    seed = hashlib.sha256(b"ketamine-clinic development staff token key").digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def dev_private_key_pem() -> str:
    """Return the development signing key as PKCS#8 PEM."""
    return (
        _dev_private_key()
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )


def dev_public_key_pem() -> str:
    """Return the development verification key as SubjectPublicKeyInfo PEM."""
    return (
        _dev_private_key()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


DEV_STAFF_PRIVATE_KEY_PEM = dev_private_key_pem()
DEV_STAFF_PUBLIC_KEY_PEM = dev_public_key_pem()
