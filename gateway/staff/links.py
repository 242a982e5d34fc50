"""Signed one-time links: an invitation to set a password, and the step that enrols an authenticator app.

A link names the account and a fingerprint of its password hash, authenticator and state, so it stops
working the moment it has been used (the password or authenticator changed), or the account was disabled.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer

from gateway.staff.users import StaffUser

INVITE_MAX_AGE = 72 * 3600
ENROL_MAX_AGE = 30 * 60


class LinkRefused(ValueError):
    """The link is unreadable, expired, or already used."""


def fingerprint(user: StaffUser) -> str:
    """Summarise what using a link changes, so a used or outdated link no longer matches."""
    state = f"{user.id}|{user.password_hash}|{user.totp_secret or ''}|{user.active}|{user.enrolment_due}"
    return hashlib.sha256(state.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Claim:
    """Who a link is for, and the fingerprint their account had when it was made."""

    user_id: int
    fingerprint: str
    extra: str = ""


class Links:
    """Sign and check the links of one purpose (`invite`, `enrol`, `pending-secret`)."""

    def __init__(self, key: bytes, purpose: str, max_age: int):
        self.serializer = URLSafeTimedSerializer(key, salt=f"staff-{purpose}-link")
        self.max_age = max_age

    def make(self, user: StaffUser, extra: str = "") -> str:
        """Sign a link value for `user` as the account stands now (`extra` rides along, signed)."""
        return str(self.serializer.dumps([user.id, fingerprint(user), extra]))

    def read(self, value: str | None) -> Claim:
        """Check signature and age; raise LinkRefused otherwise (the fingerprint is checked by the caller)."""
        if not value or len(value) > 4000:
            raise LinkRefused("missing")
        try:
            user_id, print_, extra = self.serializer.loads(value, max_age=self.max_age)
        except (BadSignature, ValueError, TypeError) as exc:
            raise LinkRefused("unreadable or expired") from exc
        if not isinstance(user_id, int) or not isinstance(print_, str) or not isinstance(extra, str):
            raise LinkRefused("malformed")
        return Claim(user_id, print_, extra)
