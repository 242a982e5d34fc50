"""Fixtures for staff identity: a gateway database, a minimal app with init_staff, and staff accounts."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyotp
import pytest
from argon2 import PasswordHasher
from flask import Flask, g, jsonify
from flask.testing import FlaskClient
from jinja2 import ChoiceLoader, FileSystemLoader

from gateway.settings import GatewaySettings
from gateway.staff import init_staff
from gateway.staff.bootstrap import Staff
from gateway.staff.passwords import Passwords, Verdict
from services.kit.errors import install_error_handlers
from services.kit.staff_auth import require_roles
from tests.support.databases import DatabaseFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
UPSTREAMS = {
    "LEADS_URL": "http://127.0.0.1:9",
    "BILLING_URL": "http://127.0.0.1:9",
    "NEWSLETTER_URL": "http://127.0.0.1:9",
}


@dataclass(frozen=True)
class Member:
    """A staff account made for a test, with what it signs in with."""

    id: int
    email: str
    password: str
    roles: tuple[str, ...]
    totp_secret: str | None

    @property
    def subject(self) -> str:
        """The token subject of this account."""
        return f"staff:{self.id}"

    def code(self) -> str:
        """The authenticator app's current code."""
        assert self.totp_secret is not None
        return pyotp.TOTP(self.totp_secret).now()


@pytest.fixture(scope="session")
def gateway_db(databases: DatabaseFactory) -> str:
    """One migrated gateway database for this folder; tests keep apart by unique addresses."""
    return databases.create("gateway")


@pytest.fixture
def make_settings(gateway_db: str) -> Callable[..., GatewaySettings]:
    """Build development gateway settings on the test database, with overrides."""

    def build(**overrides: Any) -> GatewaySettings:
        env = {"APP_ENV": "development", "GATEWAY_DATABASE_URL": gateway_db, **UPSTREAMS}
        return GatewaySettings.from_env(env, **overrides)

    return build


class CountingPasswords(Passwords):
    """Cheap argon2 parameters so tests run fast, counting every check made."""

    def __init__(self) -> None:
        super().__init__(PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
        self.checks = 0

    def verify(self, stored_hash: str, password: str) -> Verdict:
        """Count, then check as usual."""
        self.checks += 1
        return super().verify(stored_hash, password)


def build_app(settings: GatewaySettings) -> Flask:
    """A minimal app as a service would build it: one error shape, staff sign-in, one clinician-only view."""
    app = Flask(__name__)
    app.jinja_loader = ChoiceLoader(
        [FileSystemLoader(ROOT / "gateway" / "templates"), FileSystemLoader(ROOT / "services" / "kit" / "templates")]
    )
    app.jinja_env.globals["clinic_name"] = "Test Clinic"
    install_error_handlers(app)
    init_staff(app, settings, passwords=CountingPasswords())

    @app.route("/admin/leads/notes", methods=["GET", "POST"])
    @require_roles("clinician")
    def notes() -> Any:
        """Stand in for a service's clinician-only page."""
        return jsonify(staff=g.staff.subject, roles=list(g.staff.roles))

    return app


@pytest.fixture
def make_app() -> Iterator[Callable[[GatewaySettings], Flask]]:
    """Build test apps and close their database pools afterwards."""
    built: list[Flask] = []

    def make(settings: GatewaySettings) -> Flask:
        built.append(build_app(settings))
        return built[-1]

    yield make
    for app in built:
        app.extensions["staff"].db.dispose()


@pytest.fixture
def app(make_app: Callable[[GatewaySettings], Flask], make_settings: Callable[..., GatewaySettings]) -> Flask:
    """The test app with development settings (no TOTP required)."""
    return make_app(make_settings())


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the app."""
    return app.test_client()


@pytest.fixture
def staff(app: Flask) -> Staff:
    """The staff machinery init_staff installed."""
    return app.extensions["staff"]  # type: ignore[no-any-return]


@pytest.fixture
def member(staff: Staff) -> Callable[..., Member]:
    """Create a staff account with a unique address."""

    def create(*roles: str, with_totp: bool = False, password: str = PASSWORD) -> Member:
        email = f"Staff-{uuid.uuid4().hex[:10]}@Clinic.example"
        enrolment = staff.accounts.create_user(email, password, roles or ("clinician",), with_totp=with_totp)
        secret = pyotp.parse_uri(enrolment.totp_uri).secret if enrolment.totp_uri else None
        return Member(enrolment.user.id, enrolment.user.email, password, enrolment.user.roles, secret)

    return create
