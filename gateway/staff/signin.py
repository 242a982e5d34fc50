"""Signing staff in: password, second factor, lock-out, token, and the audit trail of each attempt."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

from flask import g, has_request_context

from gateway.staff import totp
from gateway.staff.passwords import Passwords, Verdict
from gateway.staff.secret_box import SecretBox, SecretUnreadable
from gateway.staff.store import StaffStore
from gateway.staff.tables import infra
from gateway.staff.tokens import IssuedToken, TokenIssuer
from gateway.staff.users import LOCK_DURATION, MAX_FAILURES, StaffUser, after_failure
from services.kit import audit
from services.kit.db import Database
from services.kit.db_types import utcnow
from services.kit.jsonlog import subject_var
from services.kit.staff_auth import StaffIdentity

log = logging.getLogger("gateway.staff")

REFUSED = (
    f"The email, password or code is not right. After {MAX_FAILURES} failed attempts an account is locked "
    f"for {int(LOCK_DURATION.total_seconds() // 60)} minutes."
)
CODE_NEEDED = "Enter the 6-digit code from your authenticator app."
ENROL_FIRST = (
    "Two-step sign-in is required and this account has no authenticator app set up yet. Sign in on the "
    "staff sign-in page (/staff/login) to set one up."
)
ENROL_NOW = "Your password is right. Set up your authenticator app to finish signing in."


class SignInRefused(Exception):
    """Wrong address, password or code, or a locked or disabled account; callers cannot tell which."""


class CodeNeeded(Exception):
    """The password was right; the account's second factor is still to come."""


class EnrolmentNeeded(Exception):
    """The password was right, but a second factor is required and the account has none (yet)."""

    def __init__(self, message: str, user: StaffUser | None = None):
        super().__init__(message)
        self.user = user


@dataclass(frozen=True)
class SignedIn:
    """The signed-in account and its fresh token."""

    user: StaffUser
    token: IssuedToken


class SignIn:
    """Check staff credentials and issue tokens."""

    def __init__(
        self,
        db: Database,
        store: StaffStore,
        passwords: Passwords,
        box: SecretBox,
        issuer: TokenIssuer,
        *,
        totp_required: bool,
        clock: Callable[[], datetime] = utcnow,
    ):
        self.db, self.store, self.passwords, self.box, self.issuer = db, store, passwords, box, issuer
        self.totp_required = totp_required
        self.clock = clock

    def __call__(self, email: str, password: str, code: str | None) -> SignedIn:
        """Sign in with an address, password and (when the account has one) a TOTP code."""
        now = self.clock()
        with self.db.transaction() as session:
            user = self.store.by_email(session, email)
        if user is None:
            self.passwords.verify_nobody(password)
            self._refuse(None, "unknown_account")
        verdict = self.passwords.verify(user.password_hash, password)
        if not user.active:
            self._refuse(user, "disabled")
        if user.is_locked(now):
            self._refuse(user, "locked")
        if not verdict.ok:
            self._count_failure(user, now, "wrong_password")
        step = self._second_factor(user, code, now)
        return self._succeed(user, password, verdict, step, now)

    def _second_factor(self, user: StaffUser, code: str | None, now: datetime) -> int | None:
        """Check the TOTP code if the account has a secret; return the accepted time step."""
        if user.enrolment_due:
            raise EnrolmentNeeded(ENROL_NOW, user)
        if user.totp_secret is None:
            if self.totp_required:
                log.warning("staff sign-in needs enrolment", extra={"target": user.subject})
                raise EnrolmentNeeded(ENROL_FIRST, user)
            return None
        if not code:
            raise CodeNeeded(CODE_NEEDED)
        try:
            secret = self.box.open(user.totp_secret)
        except SecretUnreadable as exc:
            log.error("staff TOTP secret unreadable; re-enrol the account", extra={"target": user.subject})
            raise EnrolmentNeeded(ENROL_FIRST, user) from exc
        step = totp.accepted_step(secret, code, now, user.totp_last_step)
        if step is None:
            self._count_failure(user, now, "wrong_code")
        return step

    def _succeed(self, user: StaffUser, password: str, verdict: Verdict, step: int | None, now: datetime) -> SignedIn:
        """Record the sign-in, renew an outdated hash, and issue the token."""
        with self.db.transaction() as session:
            fresh = self.store.by_id(session, user.id, for_update=True)
            problem = _cannot_finish(fresh, step, now)
            if fresh is not None and problem is None:
                user = fresh  # roles may have changed since the first read
                changes: dict[str, object] = {"last_login_at": now, "failed_attempts": 0, "locked_until": None}
                if step is not None:
                    changes["totp_last_step"] = step
                if verdict.needs_rehash:
                    changes["password_hash"] = self.passwords.hasher.hash(password)
                self.store.change(session, user.id, **changes)
                issued = self.issuer.issue(user.subject, user.roles, now, email=user.email)
                attribute(StaffIdentity(user.subject, user.roles, issued.csrf))
                audit.record(session, infra.audit, "staff.signed_in", "staff_user", str(user.id))
        if problem is not None:
            self._refuse(user, problem)
        log.info("staff signed in", extra={"roles": ",".join(user.roles)})
        return SignedIn(user, issued)

    def signed_out(self, subject: str) -> None:
        """Record that a staff member signed out (their token simply runs out; nothing is revoked)."""
        with self.db.transaction() as session:
            audit.record(session, infra.audit, "staff.signed_out", "staff_user", subject.removeprefix("staff:"))

    def _count_failure(self, user: StaffUser, now: datetime, reason: str) -> NoReturn:
        """Count a failed attempt (locking the account at the limit) and refuse."""
        with self.db.transaction() as session:
            fresh = self.store.by_id(session, user.id, for_update=True)
            if fresh is not None:
                attempts, locked_until = after_failure(fresh.failed_attempts, fresh.locked_until, now)
                self.store.change(session, user.id, failed_attempts=attempts, locked_until=locked_until)
                audit.record(session, infra.audit, "staff.sign_in_refused", "staff_user", str(user.id), reason=reason)
                if locked_until is not None and not fresh.is_locked(now):
                    audit.record(
                        session,
                        infra.audit,
                        "staff.locked",
                        "staff_user",
                        str(user.id),
                        reason=f"{attempts} failed sign-ins",
                    )
                    log.warning("staff account locked", extra={"target": user.subject})
        self._refuse(user, reason, audited=True)

    def _refuse(self, user: StaffUser | None, reason: str, *, audited: bool = False) -> NoReturn:
        """Log why (never the address) and raise the one answer every refusal shares."""
        log.warning("staff sign-in refused", extra={"reason": reason, "target": user.subject if user else None})
        if user is not None and not audited:
            with self.db.transaction() as session:
                audit.record(session, infra.audit, "staff.sign_in_refused", "staff_user", str(user.id), reason=reason)
        raise SignInRefused(REFUSED)


def attribute(identity: StaffIdentity) -> None:
    """From here on, log lines and audit records of this request name the signed-in staff member."""
    subject_var.set(identity.subject)
    if has_request_context():
        g.staff = identity


def _cannot_finish(fresh: StaffUser | None, step: int | None, now: datetime) -> str | None:
    """Name what changed between checking the credentials and recording the sign-in, if anything."""
    if fresh is None or not fresh.active or fresh.is_locked(now):
        return "changed_meanwhile"
    if step is not None and fresh.totp_last_step is not None and step <= fresh.totp_last_step:
        return "code_replayed"  # a concurrent sign-in used the same code first
    return None
