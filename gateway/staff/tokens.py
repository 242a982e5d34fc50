"""Short-lived EdDSA staff tokens carrying the subject, roles and a per-token CSRF value."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from gateway.staff.keys import StaffKeys
from services.kit.db_types import utcnow
from services.kit.staff_auth import AUDIENCE, ISSUER


@dataclass(frozen=True)
class IssuedToken:
    """A signed token, when it stops working, and the CSRF value staff forms must echo."""

    token: str
    expires_at: datetime
    csrf: str


class TokenIssuer:
    """Sign staff tokens that any service verifies with the gateway's public key."""

    def __init__(self, keys: StaffKeys, ttl_seconds: int):
        if ttl_seconds <= 0:
            raise ValueError("the token lifetime must be positive")
        self.keys = keys
        self.ttl = timedelta(seconds=ttl_seconds)

    def issue(self, subject: str, roles: tuple[str, ...], now: datetime | None = None, email: str = "") -> IssuedToken:
        """Sign a token for `subject` with `roles`, valid for the configured lifetime."""
        issued_at = (now or utcnow()).replace(microsecond=0)
        expires_at = issued_at + self.ttl
        csrf = secrets.token_urlsafe(32)
        claims = {
            "sub": subject,
            "roles": list(roles),
            "csrf": csrf,
            "iss": ISSUER,
            "aud": AUDIENCE,
            "iat": issued_at,
            "exp": expires_at,
        }
        if email:
            claims["email"] = email  # so a service's records can name who acted, not only "staff:7"
        token = jwt.encode(claims, self.keys.private_key, algorithm="EdDSA")
        return IssuedToken(token=token, expires_at=expires_at, csrf=csrf)
