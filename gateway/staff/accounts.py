"""Managing staff accounts: create, change password, enrol a second factor, disable, list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway.staff import totp
from gateway.staff.passwords import Passwords
from gateway.staff.secret_box import SecretBox
from gateway.staff.store import EmailTaken, StaffStore
from gateway.staff.tables import infra
from gateway.staff.users import StaffUser, normalise_email, parse_roles
from services.kit import audit
from services.kit.db import Database


class NoSuchStaff(LookupError):
    """No staff account has this address."""


@dataclass(frozen=True)
class Enrolment:
    """An account and, when a second factor was just enrolled, the URI its authenticator app reads."""

    user: StaffUser
    totp_uri: str | None = None


class StaffAccounts:
    """Administer staff accounts; every change leaves an audit record."""

    def __init__(self, db: Database, store: StaffStore, passwords: Passwords, box: SecretBox):
        self.db = db
        self.store = store
        self.passwords = passwords
        self.box = box

    def create_user(self, email: str, password: str, roles: Iterable[str], *, with_totp: bool = False) -> Enrolment:
        """Create an active account with a hashed password and, if asked, a TOTP secret."""
        checked_roles = parse_roles(roles)
        password_hash = self.passwords.hash(password)
        secret = totp.new_secret() if with_totp else None
        try:
            with self.db.transaction() as session:
                user = self.store.create(
                    session, email, password_hash, checked_roles, self.box.seal(secret) if secret else None
                )
                audit.record(
                    session,
                    infra.audit,
                    "staff.user_created",
                    "staff_user",
                    str(user.id),
                    reason="roles " + ",".join(checked_roles),
                )
        except IntegrityError as exc:  # two creations raced past the existence check
            raise EmailTaken("a staff account with this email already exists") from exc
        return Enrolment(user, totp.provisioning_uri(secret, user.email) if secret else None)

    def set_password(self, email: str, password: str) -> StaffUser:
        """Replace an account's password and lift any lock-out."""
        password_hash = self.passwords.hash(password)
        with self.db.transaction() as session:
            user = self._find(session, email)
            self.store.change(session, user.id, password_hash=password_hash, failed_attempts=0, locked_until=None)
            audit.record(session, infra.audit, "staff.password_set", "staff_user", str(user.id))
        return user

    def enable_totp(self, email: str) -> Enrolment:
        """Give an account a new TOTP secret (replacing any old one) and return its enrolment URI."""
        secret = totp.new_secret()
        with self.db.transaction() as session:
            user = self._find(session, email)
            self.store.change(session, user.id, totp_secret=self.box.seal(secret), totp_last_step=None)
            audit.record(session, infra.audit, "staff.totp_enrolled", "staff_user", str(user.id))
        return Enrolment(user, totp.provisioning_uri(secret, user.email))

    def set_active(self, email: str, active: bool) -> StaffUser:
        """Allow or stop an account's sign-ins (tokens already issued run out within their lifetime)."""
        with self.db.transaction() as session:
            user = self._find(session, email)
            self.store.change(session, user.id, active=active)
            audit.record(
                session, infra.audit, "staff.enabled" if active else "staff.disabled", "staff_user", str(user.id)
            )
        return user

    def list_users(self) -> list[StaffUser]:
        """Return every account, oldest first."""
        with self.db.transaction() as session:
            return self.store.all(session)

    def _find(self, session: Session, email: str) -> StaffUser:
        """Load an account by address or raise NoSuchStaff."""
        user = self.store.by_email(session, normalise_email(email))
        if user is None:
            raise NoSuchStaff("no staff account has this email")
        return user
