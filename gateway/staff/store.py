"""Every query on staff_users, in one place."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, insert, inspect, select, update
from sqlalchemy.orm import Session

from gateway.staff.tables import staff_users
from gateway.staff.users import StaffUser, normalise_email
from services.kit.db import Database
from services.kit.db_types import utcnow


class EmailTaken(ValueError):
    """Another staff account already uses this address."""


def _to_user(row: Row[Any]) -> StaffUser:
    """Turn a staff_users row into the domain value."""
    return StaffUser(
        id=int(row.id),
        email=row.email,
        password_hash=row.password_hash,
        roles=tuple(role for role in row.roles.split(",") if role),
        totp_secret=row.totp_secret,
        active=bool(row.active),
        created_at=row.created_at,
        last_login_at=row.last_login_at,
        failed_attempts=int(row.failed_attempts),
        locked_until=row.locked_until,
        totp_last_step=row.totp_last_step,
        enrolment_due=bool(row.enrolment_due),
    )


class StaffStore:
    """Read and write staff accounts inside the caller's transaction."""

    table = staff_users

    def by_email(self, session: Session, email: str) -> StaffUser | None:
        """Find the account for an address, whatever its case."""
        row = session.execute(select(staff_users).where(staff_users.c.email == normalise_email(email))).first()
        return _to_user(row) if row else None

    def by_id(self, session: Session, user_id: int, *, for_update: bool = False) -> StaffUser | None:
        """Find an account by id, optionally locking its row until the transaction ends."""
        query = select(staff_users).where(staff_users.c.id == user_id)
        row = session.execute(query.with_for_update() if for_update else query).first()
        return _to_user(row) if row else None

    def create(
        self,
        session: Session,
        email: str,
        password_hash: str,
        roles: tuple[str, ...],
        totp_secret: str | None,
        *,
        enrolment_due: bool = False,
    ) -> StaffUser:
        """Insert a new active account; refuse an address already in use."""
        email = normalise_email(email)
        if self.by_email(session, email) is not None:
            raise EmailTaken("a staff account with this email already exists")
        new_id = session.execute(
            insert(staff_users)
            .values(
                email=email,
                password_hash=password_hash,
                roles=",".join(roles),
                totp_secret=totp_secret,
                active=True,
                created_at=utcnow(),
                failed_attempts=0,
                enrolment_due=enrolment_due,
            )
            .returning(staff_users.c.id)
        ).scalar_one()
        user = self.by_id(session, int(new_id))
        assert user is not None
        return user

    def change(self, session: Session, user_id: int, **values: Any) -> None:
        """Update columns of one account."""
        session.execute(update(staff_users).where(staff_users.c.id == user_id).values(**values))

    def active_admins(self, session: Session) -> list[StaffUser]:
        """The enabled accounts holding the admin role, their rows locked until the transaction ends."""
        query = select(staff_users).where(staff_users.c.active.is_(True)).with_for_update()
        return [user for user in map(_to_user, session.execute(query)) if user.is_admin]

    def all(self, session: Session) -> list[StaffUser]:
        """List every account, oldest first."""
        return [_to_user(row) for row in session.execute(select(staff_users).order_by(staff_users.c.id))]


def table_exists(db: Database) -> bool:
    """Tell whether the gateway's migrations have created staff_users."""
    return inspect(db.engine).has_table(staff_users.name)
