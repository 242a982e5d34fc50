"""Idempotency keys: a replayed POST gets the first answer; other params with the key are refused."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from .errors import StripeError

KEY_LIFETIME = 24 * 3600
MAX_KEY_LENGTH = 255


@dataclass
class Saved:
    """The first request made with a key, and its answer once there is one."""

    method: str
    path: str
    params: dict[str, Any]
    created: int
    status: int | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class IdempotencyCache:
    """Keys per API key, kept for 24 hours of stand-in time."""

    def __init__(self) -> None:
        self._saved: dict[tuple[str, str], Saved] = {}
        self._lock = threading.Lock()

    def begin(self, api_key: str, key: str, method: str, path: str, params: dict[str, Any], now: int) -> Saved | None:
        """Claim a key for this request, or return the saved answer to replay."""
        if len(key) > MAX_KEY_LENGTH:
            raise StripeError(
                400, f"Idempotency keys can be at most {MAX_KEY_LENGTH} characters long.", type_="idempotency_error"
            )
        with self._lock:
            saved = self._saved.get((api_key, key))
            if saved is not None and now - saved.created > KEY_LIFETIME:
                saved = None
            if saved is None:
                self._saved[(api_key, key)] = Saved(method, path, params, now)
                return None
        if (saved.method, saved.path, saved.params) != (method, path, params):
            raise StripeError(
                400,
                "Keys for idempotent requests can only be used with the same parameters they were first used "
                f"with. Try using a key other than '{key}' if you meant to execute a different request.",
                type_="idempotency_error",
            )
        if saved.status is None:
            raise StripeError(
                409,
                "There is currently another in-progress request using this Idempotent Key "
                "(that probably means you submitted twice, and the other request is still going "
                "through). Please retry that request later.",
                type_="idempotency_error",
                code="idempotency_key_in_use",
            )
        return saved

    def finish(self, api_key: str, key: str, status: int, body: bytes, headers: dict[str, str]) -> None:
        """Keep the answer for replay, or release the key when the request never really ran."""
        with self._lock:
            saved = self._saved.get((api_key, key))
            if saved is None or saved.status is not None:
                return
            # Like Stripe, refused or failed-validation requests leave no result behind.
            if status in (400, 401, 404, 409, 429) or status >= 500:
                del self._saved[(api_key, key)]
                return
            saved.status, saved.body, saved.headers = status, body, headers
