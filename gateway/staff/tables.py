"""The gateway's tables: staff accounts, beside the audit log every service keeps."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Integer, MetaData, String, Table, Text

from services.kit.db_types import BigId, UTCDateTime, utcnow
from services.kit.infra_tables import add_infra_tables

metadata = MetaData()
infra = add_infra_tables(metadata)

staff_users = Table(
    "staff_users",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("email", String(254), nullable=False, unique=True),  # always stored lower-cased
    Column("password_hash", String(255), nullable=False),
    Column("roles", String(100), nullable=False),  # comma list drawn from staff_auth.ROLES
    Column("totp_secret", Text),  # sealed by SecretBox, never the plain secret
    Column("totp_last_step", BigInteger),  # last accepted code's time step, so a code works once
    Column("active", Boolean, nullable=False, default=True),
    # Set by an invitation or a TOTP reset: the next sign-in goes through enrolling an authenticator app.
    Column("enrolment_due", Boolean, nullable=False, default=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("last_login_at", UTCDateTime),
    Column("failed_attempts", Integer, nullable=False, default=0),
    Column("locked_until", UTCDateTime),
)
