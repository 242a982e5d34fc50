"""HMAC signatures for events between services: over the timestamp and the raw body."""

from __future__ import annotations

import hashlib
import hmac
import time


class SignatureError(Exception):
    """The signature is missing, wrong, or too old."""


def sign(key: str, body: bytes, timestamp: int | None = None) -> tuple[str, str]:
    """Return the timestamp and signature headers' values for `body`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    mac = hmac.new(key.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    return ts, f"v1={mac}"


def verify(key: str, body: bytes, timestamp: str | None, signature: str | None, *, tolerance: int = 300) -> None:
    """Raise SignatureError unless the signature matches and the timestamp is fresh."""
    if not timestamp or not signature:
        raise SignatureError("missing signature")
    try:
        ts = int(timestamp)
    except ValueError as exc:
        raise SignatureError("bad timestamp") from exc
    if abs(time.time() - ts) > tolerance:
        raise SignatureError("stale timestamp")
    _, expected = sign(key, body, ts)
    if not hmac.compare_digest(expected, signature):
        raise SignatureError("signature mismatch")
