"""Signed, single-purpose links for confirming, managing preferences and unsubscribing.

Each purpose signs with its own salt, so a token made for one purpose never verifies for
another. Confirm and preferences links expire; unsubscribe links never do, because CAN-SPAM
requires an opt-out to keep working for at least 30 days after a send and a newsletter can be
opened months later. A token is signed (HMAC-SHA256), not encrypted: its payload (subscriber id
and any ``extra``) is readable by whoever holds the link, so never put an email address or
anything personal in ``extra``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from itsdangerous import BadData, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

Purpose = Literal["confirm", "preferences", "unsubscribe"]
PURPOSES: tuple[Purpose, ...] = ("confirm", "preferences", "unsubscribe")

DAY = 24 * 60 * 60
# None means the link never expires; see the module docstring for why unsubscribe is None.
DEFAULT_MAX_AGE: Mapping[str, int | None] = {
    "confirm": 7 * DAY,
    "preferences": 90 * DAY,
    "unsubscribe": None,
}
MIN_SECRET_LENGTH = 16
# Far longer than any token we make; refuses absurd input before any decoding work.
MAX_TOKEN_LENGTH = 2048

SubscriberId = int | str
Secret = str | bytes


class InvalidLink(Exception):
    """The link is malformed, tampered with, or made for another purpose."""


class ExpiredLink(InvalidLink):
    """The link was genuine but is older than its purpose allows."""

    def __init__(self, message: str, subscriber_id: SubscriberId | None) -> None:
        super().__init__(message)
        self.subscriber_id = subscriber_id


@dataclass(frozen=True)
class LinkPayload:
    """What a verified link says: its purpose, the subscriber and any extra values."""

    purpose: Purpose
    subscriber_id: SubscriberId
    issued_at: datetime
    extra: Mapping[str, Any] = field(default_factory=dict)


class _ClockedSigner(TimestampSigner):
    """A timestamp signer that reads time from an injected clock, so expiry is testable."""

    def __init__(self, *args: Any, clock: Callable[[], float], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clock = clock

    def get_timestamp(self) -> int:
        """Return the injected clock's current time in whole seconds."""
        return int(self._clock())


class LinkSigner:
    """Make and read signed links; ``secret`` may be a list for rotation (newest last)."""

    def __init__(self, secret: Secret | Sequence[Secret], *, clock: Callable[[], float] = time.time) -> None:
        given = [secret] if isinstance(secret, str | bytes) else list(secret)
        secrets = [s.encode() if isinstance(s, str) else s for s in given]
        if not secrets or any(len(s) < MIN_SECRET_LENGTH for s in secrets):
            raise ValueError(f"link signing secrets must be at least {MIN_SECRET_LENGTH} characters")
        self._serializers: dict[str, URLSafeTimedSerializer] = {
            purpose: URLSafeTimedSerializer(
                secrets,
                salt=f"newsletter.link.{purpose}",
                signer=_ClockedSigner,
                signer_kwargs={
                    "clock": clock,
                    "digest_method": hashlib.sha256,
                    "key_derivation": "hmac",
                },
            )
            for purpose in PURPOSES
        }

    def make(self, purpose: Purpose, subscriber_id: SubscriberId, extra: Mapping[str, Any] | None = None) -> str:
        """Return a URL-safe token for this purpose and subscriber."""
        if isinstance(subscriber_id, bool) or not isinstance(subscriber_id, int | str):
            raise TypeError("subscriber_id must be an int or a str")
        body: dict[str, Any] = {"p": purpose, "s": subscriber_id}
        if extra:
            body["x"] = dict(extra)
        return self._serializer(purpose).dumps(body)

    def read(self, purpose: Purpose, token: str, max_age: int | None = None) -> LinkPayload:
        """Verify a token for this purpose; ``max_age`` (seconds) defaults per purpose."""
        serializer = self._serializer(purpose)
        if purpose == "unsubscribe" and max_age is not None:
            raise ValueError("unsubscribe links never expire; do not pass max_age")
        age_limit = DEFAULT_MAX_AGE[purpose] if max_age is None else max_age
        if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
            raise InvalidLink("malformed link")
        try:
            body, signed_at = serializer.loads(token, max_age=age_limit, return_timestamp=True)
        except SignatureExpired as exc:
            raise ExpiredLink("link has expired", _expired_subscriber(serializer, exc)) from exc
        except (BadData, UnicodeError) as exc:
            raise InvalidLink("link is not valid") from exc
        return _payload(purpose, body, signed_at)

    def _serializer(self, purpose: str) -> URLSafeTimedSerializer:
        try:
            return self._serializers[purpose]
        except KeyError:
            raise ValueError(f"unknown link purpose {purpose!r}") from None


def _payload(purpose: Purpose, body: Any, signed_at: datetime) -> LinkPayload:
    """Check the decoded body's shape and turn it into a LinkPayload."""
    if not isinstance(body, dict) or body.get("p") != purpose:
        raise InvalidLink("link is not valid")
    subscriber_id = body.get("s")
    extra = body.get("x", {})
    if not isinstance(subscriber_id, int | str) or not isinstance(extra, dict):
        raise InvalidLink("link is not valid")
    return LinkPayload(purpose, subscriber_id, signed_at, extra)


def _expired_subscriber(serializer: URLSafeTimedSerializer, exc: SignatureExpired) -> SubscriberId | None:
    """Recover the subscriber id of a genuine but expired link, so a fresh one can be offered."""
    if not isinstance(exc.payload, bytes):
        return None
    try:
        body = serializer.load_payload(exc.payload)
    except BadData:
        return None
    subscriber_id = body.get("s") if isinstance(body, dict) else None
    return subscriber_id if isinstance(subscriber_id, int | str) else None
