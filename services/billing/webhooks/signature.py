"""Stripe's webhook signature: HMAC-SHA256 of "{t}.{raw body}", checked against every current secret."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Sequence


class SignatureError(Exception):
    """The Stripe-Signature header is missing, malformed, wrong or too old."""


def parse_header(header: str | None) -> tuple[int, list[str]]:
    """Return the timestamp and the v1 signatures of a Stripe-Signature header."""
    if not header:
        raise SignatureError("missing Stripe-Signature header")
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError as exc:
                raise SignatureError("bad timestamp") from exc
        elif key == "v1" and value:
            signatures.append(value)
    if timestamp is None or not signatures:
        raise SignatureError("no timestamp or no v1 signature")
    return timestamp, signatures


def verify(
    body: bytes, header: str | None, secrets: Sequence[str], *, tolerance: int = 300, now: float | None = None
) -> int:
    """Check the raw body against any of `secrets` (two during a rotation); return the timestamp."""
    if tolerance <= 0:
        raise ValueError("a positive tolerance is required")
    timestamp, signatures = parse_header(header)
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        raise SignatureError("timestamp outside the tolerance")
    signed = str(timestamp).encode() + b"." + body
    for secret in secrets:
        expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
        if any(hmac.compare_digest(expected, given) for given in signatures):
            return timestamp
    raise SignatureError("no signature matches")


def sign(body: bytes, secret: str, timestamp: int | None = None) -> str:
    """Build a Stripe-Signature header for `body` (for tests and tools that speak for Stripe)."""
    ts = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), str(ts).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={digest}"
