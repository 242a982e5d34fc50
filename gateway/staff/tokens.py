"""Short-lived EdDSA staff tokens carrying the subject, roles, a per-token CSRF value and the session's end."""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from gateway.staff.keys import StaffKeys
from services.kit.db_types import utcnow
from services.kit.staff_auth import AUDIENCE, ISSUER

DEFAULT_SESSION_SECONDS = 10 * 3600  # a working day


class SessionOver(Exception):
    """The session reached its absolute limit: only a fresh sign-in (password and code) continues."""


@dataclass(frozen=True)
class IssuedToken:
    """A signed token, when it stops working, the CSRF value staff forms must echo, and the session's end."""

    token: str
    expires_at: datetime
    csrf: str
    session_ends_at: datetime | None = None
    issued_at: datetime | None = None

    @property
    def lifetime_seconds(self) -> int:
        """How long a cookie carrying this token should live: exactly as long as the token."""
        start = self.issued_at or self.expires_at
        return max(1, math.ceil((self.expires_at - start).total_seconds()))


def display_name(email: str, name: str | None = None) -> str:
    """The name staff pages greet a person by: their own when known, else the local part of their email."""
    return (name or "").strip() or email.partition("@")[0]


class TokenIssuer:
    """Sign staff tokens that any service verifies with the gateway's public key."""

    def __init__(self, keys: StaffKeys, ttl_seconds: int, session_seconds: int = DEFAULT_SESSION_SECONDS):
        if ttl_seconds <= 0 or session_seconds <= 0:
            raise ValueError("the token lifetime and the session limit must be positive")
        self.keys = keys
        self.ttl = timedelta(seconds=ttl_seconds)
        self.session = timedelta(seconds=session_seconds)

    def issue(
        self,
        subject: str,
        roles: tuple[str, ...],
        now: datetime | None = None,
        email: str = "",
        *,
        name: str = "",
        signed_in_at: datetime | None = None,
        csrf: str | None = None,
    ) -> IssuedToken:
        """Sign a token for `subject` with `roles`, valid for the lifetime but never past the session's end."""
        issued_at = (now or utcnow()).replace(microsecond=0)
        started = (signed_in_at or issued_at).replace(microsecond=0)
        session_ends_at = started + self.session
        if issued_at >= session_ends_at:
            raise SessionOver("this sign-in has lasted a full working day; sign in again")
        expires_at = min(issued_at + self.ttl, session_ends_at)
        csrf = csrf or secrets.token_urlsafe(32)
        claims = {
            "sub": subject,
            "roles": list(roles),
            "csrf": csrf,
            "iss": ISSUER,
            "aud": AUDIENCE,
            "iat": issued_at,
            "exp": expires_at,
            "auth_time": int(started.timestamp()),
            "session_ends_at": int(session_ends_at.timestamp()),
        }
        if email:
            claims["email"] = email  # so a service's records can name who acted, not only "staff:7"
            claims["name"] = display_name(email, name)
        token = jwt.encode(claims, self.keys.private_key, algorithm="EdDSA")
        return IssuedToken(
            token=token, expires_at=expires_at, csrf=csrf, session_ends_at=session_ends_at, issued_at=issued_at
        )

    def signed_in_at(self, token: str) -> datetime:
        """Read when the session of a token (already verified by the caller) began."""
        claims = jwt.decode(
            token,
            self.keys.private_key.public_key(),
            algorithms=["EdDSA"],
            audience=AUDIENCE,
            issuer=ISSUER,
        )
        started = claims.get("auth_time", claims["iat"])
        return datetime.fromtimestamp(int(started), UTC)
