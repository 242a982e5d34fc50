"""Renewing a signed-in person's token while they work, up to the absolute limit of their session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from gateway.staff.store import StaffStore
from gateway.staff.tokens import IssuedToken, SessionOver, TokenIssuer
from services.kit.db import Database
from services.kit.db_types import utcnow
from services.kit.staff_auth import StaffIdentity


class RenewalRefused(Exception):
    """The account is gone, disabled or locked: the person must sign in again."""


class Renewal:
    """Re-issue a valid token with a fresh lifetime, the same CSRF value and the same session start."""

    def __init__(self, db: Database, store: StaffStore, issuer: TokenIssuer, *, clock: Callable[[], datetime] = utcnow):
        self.db, self.store, self.issuer, self.clock = db, store, issuer, clock

    def __call__(self, identity: StaffIdentity, token: str) -> IssuedToken:
        """Renew `token` (already verified as `identity`); raise SessionOver or RenewalRefused when it may not be."""
        now = self.clock()
        user_id = identity.subject.removeprefix("staff:")
        if not user_id.isdigit():
            raise RenewalRefused("this sign-in does not belong to a staff account")
        with self.db.transaction() as session:
            user = self.store.by_id(session, int(user_id))
        if user is None or not user.active or user.is_locked(now):
            raise RenewalRefused("this account can no longer sign in")
        # Roles come from the account as it is now, so a change takes effect at the next renewal.
        return self.issuer.issue(
            user.subject,
            user.roles,
            now,
            email=user.email,
            name=identity.name,
            signed_in_at=self.issuer.signed_in_at(token),
            csrf=identity.csrf,
        )


__all__ = ["Renewal", "RenewalRefused", "SessionOver"]
