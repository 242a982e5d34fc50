"""A staff account and the pure rules about it: roles, addresses, lock-out after failed sign-ins."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.kit.staff_auth import ROLES

MAX_FAILURES = 10
LOCK_DURATION = timedelta(minutes=15)


class UnknownRole(ValueError):
    """A role outside admin, clinician and marketer was asked for."""


@dataclass(frozen=True)
class StaffUser:
    """One staff member as stored; the email goes into tokens (to name who acted in records), never into logs."""

    id: int
    email: str
    password_hash: str
    roles: tuple[str, ...]
    totp_secret: str | None
    active: bool
    created_at: datetime
    last_login_at: datetime | None
    failed_attempts: int
    locked_until: datetime | None
    totp_last_step: int | None
    enrolment_due: bool = False

    @property
    def is_admin(self) -> bool:
        """Tell whether the account holds the admin role."""
        return "admin" in self.roles

    @property
    def subject(self) -> str:
        """Name the account in tokens, logs and audit records without revealing who it is."""
        return subject_of(self.id)

    def is_locked(self, now: datetime) -> bool:
        """Tell whether too many failed sign-ins keep the account shut right now."""
        return self.locked_until is not None and self.locked_until > now


def subject_of(user_id: int) -> str:
    """Return the stable token subject of a staff id."""
    return f"staff:{user_id}"


def normalise_email(email: str) -> str:
    """Compare addresses without regard to case or stray spaces."""
    return email.strip().lower()


def parse_roles(roles: Iterable[str]) -> tuple[str, ...]:
    """Check and order roles; refuse unknown ones and an empty set."""
    wanted = {role.strip().lower() for role in roles if role.strip()}
    unknown = wanted - set(ROLES)
    if unknown:
        raise UnknownRole(f"unknown role(s): {', '.join(sorted(unknown))}; choose from {', '.join(ROLES)}")
    if not wanted:
        raise UnknownRole("a staff member needs at least one role")
    return tuple(role for role in ROLES if role in wanted)


def after_failure(failed_attempts: int, locked_until: datetime | None, now: datetime) -> tuple[int, datetime | None]:
    """Count one more failed sign-in; lock the account when the count reaches the limit."""
    if locked_until is not None and locked_until <= now:
        failed_attempts, locked_until = 0, None  # an expired lock starts a fresh count
    failed_attempts += 1
    if failed_attempts >= MAX_FAILURES:
        locked_until = now + LOCK_DURATION
    return failed_attempts, locked_until
