"""Argon2id password hashes, checked in about the same time whether or not the account exists."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
MAX_LENGTH = 1024  # hashing cost grows with length; refuse novels


class WeakPassword(ValueError):
    """A new password does not meet the length rules."""


@dataclass(frozen=True)
class Verdict:
    """Whether a password matched, and whether its stored hash uses outdated parameters."""

    ok: bool
    needs_rehash: bool = False


class Passwords:
    """Hash and verify staff passwords with argon2id."""

    def __init__(self, hasher: PasswordHasher | None = None):
        self.hasher = hasher or PasswordHasher()
        # Unknown accounts are checked against this, so their answer takes as long as a real one.
        self._dummy = self.hasher.hash(secrets.token_urlsafe(24))

    def hash(self, password: str) -> str:
        """Hash a new password after checking its length."""
        if len(password) < MIN_LENGTH:
            raise WeakPassword(f"a staff password needs at least {MIN_LENGTH} characters")
        if len(password) > MAX_LENGTH:
            raise WeakPassword(f"a staff password may have at most {MAX_LENGTH} characters")
        return self.hasher.hash(password)

    def verify(self, stored_hash: str, password: str) -> Verdict:
        """Check `password` against `stored_hash`; report whether the hash should be renewed."""
        try:
            self.hasher.verify(stored_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return Verdict(ok=False)
        return Verdict(ok=True, needs_rehash=self.hasher.check_needs_rehash(stored_hash))

    def verify_nobody(self, password: str) -> None:
        """Spend the time a real check would take, for a sign-in that is failing anyway."""
        self.verify(self._dummy, password)
