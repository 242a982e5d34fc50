"""The staff sign-in composition root: one place that wires keys, database, accounts and tokens."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from gateway.settings import GatewaySettings
from gateway.staff.accounts import StaffAccounts
from gateway.staff.administration import StaffAdministration
from gateway.staff.form_csrf import FormCsrf
from gateway.staff.invite_mail import MailSettings
from gateway.staff.keys import StaffKeys
from gateway.staff.passwords import Passwords
from gateway.staff.renewal import Renewal
from gateway.staff.secret_box import SecretBox
from gateway.staff.signin import SignIn
from gateway.staff.store import StaffStore
from gateway.staff.tokens import TokenIssuer
from services.kit.config import ConfigError
from services.kit.db import Database


@dataclass
class Staff:
    """Everything staff sign-in needs, built once per process."""

    settings: GatewaySettings
    db: Database
    keys: StaffKeys
    accounts: StaffAccounts
    sign_in: SignIn
    issuer: TokenIssuer
    form_csrf: FormCsrf
    renew: Renewal
    admin: StaffAdministration

    @property
    def secure_cookies(self) -> bool:
        """Mark cookies Secure in production (development runs on plain http://127.0.0.1)."""
        return self.settings.is_production


def build_staff(settings: GatewaySettings, *, passwords: Passwords | None = None) -> Staff:
    """Wire staff sign-in from the gateway's settings; refuse a key pair that does not belong together."""
    if not settings.database_url:
        raise ConfigError("GATEWAY_DATABASE_URL is required for staff accounts")
    keys = StaffKeys(settings.staff_token_private_key)
    if settings.staff_token_public_key and not keys.matches_public(settings.staff_token_public_key):
        raise ConfigError("STAFF_TOKEN_PUBLIC_KEY is not the public half of STAFF_TOKEN_PRIVATE_KEY")
    db = Database(settings.database_url)
    store = StaffStore()
    passwords = passwords or Passwords()
    box = SecretBox(hashlib.sha256(b"staff totp secrets:" + settings.staff_totp_key.encode()).digest())
    issuer = TokenIssuer(keys, settings.staff_token_ttl_seconds, settings.staff_session_max_seconds)
    return Staff(
        settings=settings,
        db=db,
        keys=keys,
        accounts=StaffAccounts(db, store, passwords, box),
        sign_in=SignIn(db, store, passwords, box, issuer, totp_required=settings.staff_totp_required),
        issuer=issuer,
        form_csrf=FormCsrf(keys.derive("staff login form csrf")),
        renew=Renewal(db, store, issuer),
        admin=StaffAdministration(
            db,
            store,
            passwords,
            box,
            keys.derive("staff invitation and enrolment links"),
            MailSettings(settings.mail_from, settings.clinic_name, settings.public_url),
        ),
    )
