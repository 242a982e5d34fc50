"""What an administrator does to staff accounts, and what an invited person does with their link.

Every change writes an audit entry with its reason in the same transaction; the invitation email goes
through the gateway's outbox in the transaction that creates the account.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway.staff import totp
from gateway.staff.invite_mail import MailSettings, invite_message
from gateway.staff.links import ENROL_MAX_AGE, INVITE_MAX_AGE, LinkRefused, Links, fingerprint
from gateway.staff.passwords import Passwords
from gateway.staff.secret_box import SecretBox, SecretUnreadable
from gateway.staff.store import EmailTaken, StaffStore
from gateway.staff.tables import infra
from gateway.staff.users import StaffUser, UnknownRole, parse_roles
from services.kit import audit
from services.kit.db import Database
from services.kit.db_types import utcnow
from services.kit.email_jobs import queue_email

LINK_USED = "This link has expired or has already been used. Ask a clinic administrator for a new invitation."


class Refused(ValueError):
    """An action that the rules do not allow; `field` names the form field to mark."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Enrolling:
    """An authenticator secret offered to a person, and the signed form value that carries it."""

    user: StaffUser
    secret: str
    uri: str
    pending: str


class StaffAdministration:
    """Invite, change roles, disable and enable, reset authenticators; accept invitations and enrol."""

    def __init__(
        self,
        db: Database,
        store: StaffStore,
        passwords: Passwords,
        box: SecretBox,
        link_key: bytes,
        mail: MailSettings,
        clock: Callable[[], datetime] = utcnow,
    ):
        self.db, self.store, self.passwords, self.box, self.mail = db, store, passwords, box, mail
        self.invites = Links(link_key, "invite", INVITE_MAX_AGE)
        self.enrolments = Links(link_key, "enrol", ENROL_MAX_AGE)
        self.pending = Links(link_key, "pending-secret", ENROL_MAX_AGE)
        self.clock = clock

    def invite(self, email: str, roles: Iterable[str], reason: str) -> StaffUser:
        """Create an account nobody can sign in to yet and email its person a link to set a password."""
        try:
            checked = parse_roles(roles)
        except UnknownRole as exc:
            raise Refused("roles", str(exc)) from exc
        unusable = self.passwords.hash(secrets.token_urlsafe(32))  # replaced when the link is used
        try:
            with self.db.transaction() as session:
                user = self.store.create(session, email, unusable, checked, None, enrolment_due=True)
                link = f"{self.mail.public_url.rstrip('/')}/staff/welcome?t={self.invites.make(user)}"
                queue_email(session, infra.outbox, invite_message(user, checked, link, self.mail))
                audit.record(session, infra.audit, "staff.invited", "staff_user", str(user.id), _why(reason, checked))
        except (EmailTaken, IntegrityError) as exc:
            raise Refused("email", "A staff account with this email already exists.") from exc
        return user

    def send_new_link(self, user_id: int, reason: str) -> StaffUser:
        """Replace an account's password and authenticator and email a fresh set-up link (a lost link or password)."""
        unusable = self.passwords.hash(secrets.token_urlsafe(32))
        with self.db.transaction() as session:
            user = self._get(session, user_id)
            if not user.active:
                raise Refused("reason", "Enable the account first: a disabled account cannot be set up.")
            self.store.change(
                session,
                user.id,
                password_hash=unusable,
                totp_secret=None,
                totp_last_step=None,
                enrolment_due=True,
                failed_attempts=0,
                locked_until=None,
            )
            fresh = self._get(session, user.id)
            link = f"{self.mail.public_url.rstrip('/')}/staff/welcome?t={self.invites.make(fresh)}"
            queue_email(session, infra.outbox, invite_message(fresh, fresh.roles, link, self.mail))
            audit.record(session, infra.audit, "staff.link_sent", "staff_user", str(user.id), reason.strip())
        return fresh

    def change_roles(self, user_id: int, roles: Iterable[str], reason: str) -> StaffUser:
        """Give an account a new set of roles; the last enabled administrator keeps the admin role."""
        try:
            checked = parse_roles(roles)
        except UnknownRole as exc:
            raise Refused("roles", "Choose at least one role.") from exc
        with self.db.transaction() as session:
            user = self._get(session, user_id)
            if user.is_admin and "admin" not in checked and user.active:
                self._keep_an_admin(session, user, "roles")
            self.store.change(session, user.id, roles=",".join(checked))
            audit.record(session, infra.audit, "staff.roles_changed", "staff_user", str(user.id), _why(reason, checked))
        return user

    def set_active(self, actor_id: int | None, user_id: int, active: bool, reason: str) -> StaffUser:
        """Enable or disable an account; nobody disables themselves or the last enabled administrator."""
        with self.db.transaction() as session:
            user = self._get(session, user_id)
            if not active:
                if user.id == actor_id:
                    raise Refused("reason", "You cannot disable your own account.")
                if user.is_admin and user.active:
                    self._keep_an_admin(session, user, "reason")
            self.store.change(session, user.id, active=active)
            action = "staff.enabled" if active else "staff.disabled"
            audit.record(session, infra.audit, action, "staff_user", str(user.id), reason.strip())
        return user

    def reset_totp(self, user_id: int, reason: str) -> StaffUser:
        """Forget an account's authenticator; its next sign-in enrols a new one."""
        with self.db.transaction() as session:
            user = self._get(session, user_id)
            self.store.change(session, user.id, totp_secret=None, totp_last_step=None, enrolment_due=True)
            audit.record(session, infra.audit, "staff.totp_reset", "staff_user", str(user.id), reason.strip())
        return user

    def invited(self, link: str | None) -> StaffUser:
        """The account an invitation link is for, while the link is unused and unexpired."""
        with self.db.transaction() as session:
            return self._holder(session, self.invites, link)

    def accept_invite(self, link: str | None, password: str) -> str:
        """Set the invited person's password; return the link value of their enrolment step."""
        password_hash = self.passwords.hash(password)
        with self.db.transaction() as session:
            user = self._holder(session, self.invites, link, lock=True)
            self.store.change(session, user.id, password_hash=password_hash, failed_attempts=0, locked_until=None)
            audit.record(session, infra.audit, "staff.password_set", "staff_user", str(user.id), "from an invitation")
            fresh = self._get(session, user.id)
        return self.enrolments.make(fresh)

    def enrolment_link(self, user: StaffUser) -> str:
        """The enrolment step's link value for an account whose password was just checked."""
        return self.enrolments.make(user)

    def offer_secret(self, link: str | None) -> Enrolling:
        """Make a new authenticator secret for the holder of an enrolment link (kept only once confirmed)."""
        with self.db.transaction() as session:
            user = self._holder(session, self.enrolments, link)
        secret = totp.new_secret()
        return Enrolling(
            user, secret, totp.provisioning_uri(secret, user.email), self.pending.make(user, self.box.seal(secret))
        )

    def reoffer(self, link: str | None, pending: str | None) -> Enrolling:
        """The same secret again, after a wrong code, so the person's app keeps working."""
        with self.db.transaction() as session:
            user = self._holder(session, self.enrolments, link)
            secret = self._pending_secret(session, pending)
        return Enrolling(user, secret, totp.provisioning_uri(secret, user.email), pending or "")

    def confirm_enrolment(self, link: str | None, pending: str | None, code: str) -> StaffUser:
        """Keep the offered secret once the person's app shows a right code."""
        with self.db.transaction() as session:
            user = self._holder(session, self.enrolments, link, lock=True)
            secret = self._pending_secret(session, pending)
            step = totp.accepted_step(secret, code, self.clock(), None)
            if step is None:
                raise Refused("totp", "That code is not right. Enter the 6 digits your app shows now.")
            self.store.change(
                session, user.id, totp_secret=self.box.seal(secret), totp_last_step=step, enrolment_due=False
            )
            audit.record(session, infra.audit, "staff.totp_enrolled", "staff_user", str(user.id))
        return user

    def _pending_secret(self, session: Session, pending: str | None) -> str:
        """Open the secret carried by the enrolment form, made for this same account state."""
        try:
            claim = self.pending.read(pending)
            user = self.store.by_id(session, claim.user_id)
            if user is None or fingerprint(user) != claim.fingerprint:
                raise LinkRefused("outdated")
            return self.box.open(claim.extra)
        except (LinkRefused, SecretUnreadable) as exc:
            raise Refused("link", LINK_USED) from exc

    def _holder(self, session: Session, links: Links, value: str | None, *, lock: bool = False) -> StaffUser:
        """The account a link is for; refuse a link that is expired, used or for a disabled account."""
        try:
            claim = links.read(value)
        except LinkRefused as exc:
            raise Refused("link", LINK_USED) from exc
        user = self.store.by_id(session, claim.user_id, for_update=lock)
        if user is None or not user.active or fingerprint(user) != claim.fingerprint:
            raise Refused("link", LINK_USED)
        return user

    def _get(self, session: Session, user_id: int) -> StaffUser:
        """Load and lock an account, or refuse."""
        user = self.store.by_id(session, user_id, for_update=True)
        if user is None:
            raise Refused("user", "There is no staff account with this number.")
        return user

    def _keep_an_admin(self, session: Session, user: StaffUser, field: str) -> None:
        """Refuse a change that would leave no enabled administrator."""
        others = [admin for admin in self.store.active_admins(session) if admin.id != user.id]
        if not others:
            raise Refused(field, "This is the last enabled administrator: make someone else an administrator first.")


def _why(reason: str, roles: tuple[str, ...]) -> str:
    """The reason given, with the roles it led to."""
    return f"{reason.strip()} (roles: {', '.join(roles)})"
