"""Fixtures for the admin console: the gateway app on its own database, admins signed in by cookie."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, select

from gateway.app import create_app
from gateway.staff.bootstrap import Staff
from gateway.staff.tables import infra, staff_users
from services.billing.app import create_app as billing_app
from services.kit.container import Container
from services.kit.dev_keys import DEV_STAFF_PUBLIC_KEY_PEM
from services.kit.staff_auth import COOKIE
from services.leads.app import create_app as leads_app
from services.newsletter.app import create_app as newsletter_app
from tests.conftest import EVENTS_KEY
from tests.support.databases import DatabaseFactory
from tests.support.servers import ThreadServer

PASSWORD = "correct horse battery staple"
DOWN = "http://127.0.0.1:9"  # nothing listens on the discard port
LINK = re.compile(r"https?://[^\s\"<>]+/staff/welcome\?t=[A-Za-z0-9._-]+")


@dataclass
class SignedIn:
    """A test client carrying a staff member's token, and the CSRF value their forms echo."""

    client: FlaskClient
    csrf: str
    user_id: int
    email: str

    def post(self, path: str, **form: Any) -> Any:
        """Submit a staff form with its CSRF value."""
        return self.client.post(path, data={"csrf_token": self.csrf, **form})


def gateway_env(db_url: str, **upstreams: str) -> dict[str, str]:
    """Development environment of a gateway app on `db_url`, services at `upstreams` (down by default)."""
    env = {
        "APP_ENV": "development",
        "GATEWAY_DATABASE_URL": db_url,
        "LEADS_URL": DOWN,
        "BILLING_URL": DOWN,
        "NEWSLETTER_URL": DOWN,
        "HEALTH_TIMEOUT": "2",
        "AUTH_LIMIT": "10000/minute",
        "PUBLIC_URL": "http://127.0.0.1:8000",
    }
    env.update({f"{name.upper()}_URL": url for name, url in upstreams.items()})
    return env


@pytest.fixture(scope="session")
def gateway_db(databases: DatabaseFactory) -> str:
    """One migrated gateway database for this folder, emptied before each test that builds an app."""
    return databases.create("gateway")


def _empty(app: Flask) -> None:
    """Start from no accounts, no outbox and no audit entries."""
    staff: Staff = app.extensions["staff"]
    with staff.db.transaction() as session:
        for table in (infra.audit, infra.outbox, infra.heartbeat, staff_users):
            session.execute(delete(table))


@pytest.fixture
def fresh_gateway(gateway_db: str) -> Iterator[Callable[..., Flask]]:
    """Build gateway apps on the emptied test database, with cheap password hashing; close pools afterwards."""
    built: list[Flask] = []

    def build(**upstreams: str) -> Flask:
        app = create_app(gateway_env(gateway_db, **upstreams))
        # Tests hash many passwords: the same argon2id, at its lowest cost.
        app.extensions["staff"].accounts.passwords.hasher = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
        if not built:
            _empty(app)
        built.append(app)
        return app

    yield build
    for app in built:
        app.extensions["staff"].db.dispose()


@pytest.fixture
def gateway(fresh_gateway: Callable[..., Flask]) -> Flask:
    """A gateway app whose services are all down."""
    return fresh_gateway()


def sign_in_as(app: Flask, *roles: str, email: str | None = None) -> SignedIn:
    """Create an account with `roles` and hand back a client holding its token cookie."""
    staff: Staff = app.extensions["staff"]
    email = email or f"staff-{uuid.uuid4().hex[:8]}@clinic.example"
    user = staff.accounts.create_user(email, PASSWORD, roles).user
    issued = staff.issuer.issue(user.subject, user.roles, email=user.email)
    client = app.test_client()
    client.set_cookie(COOKIE, issued.token)
    return SignedIn(client, issued.csrf, user.id, user.email)


@pytest.fixture
def admin(gateway: Flask) -> SignedIn:
    """An administrator signed in to the gateway app."""
    return sign_in_as(gateway, "admin", email="boss@clinic.example")


def queued_mail(app: Flask) -> list[dict[str, Any]]:
    """The emails waiting in the gateway's outbox, oldest first."""
    staff: Staff = app.extensions["staff"]
    with staff.db.transaction() as session:
        rows = session.execute(select(infra.outbox.c.payload).order_by(infra.outbox.c.id)).all()
    return [json.loads(row.payload) for row in rows]


def invite_link(message: dict[str, Any]) -> str:
    """The one-time link in an invitation's text part."""
    found = LINK.search(message["text"])
    assert found, message["text"]
    return found.group(0)


def audit_entries(app: Flask, action: str | None = None) -> list[Any]:
    """The gateway's audit entries (of one action), oldest first."""
    staff: Staff = app.extensions["staff"]
    query = select(infra.audit).order_by(infra.audit.c.id)
    if action:
        query = query.where(infra.audit.c.action == action)
    with staff.db.transaction() as session:
        return list(session.execute(query).all())


@pytest.fixture(scope="session")
def running(databases: DatabaseFactory) -> Iterator[dict[str, tuple[ThreadServer, Container]]]:
    """The three services on their own databases, served over HTTP for the gateway's fan-out."""
    factories = {"leads": leads_app, "billing": billing_app, "newsletter": newsletter_app}
    with ExitStack() as stack:
        started = {}
        for name, factory in factories.items():
            env = {
                "APP_ENV": "development",
                f"{name.upper()}_DATABASE_URL": databases.create(name),
                "EVENTS_SIGNING_KEY": EVENTS_KEY,
                "STAFF_TOKEN_PUBLIC_KEY": DEV_STAFF_PUBLIC_KEY_PEM,
            }
            app = factory(env)
            started[name] = (stack.enter_context(ThreadServer(app)), app.extensions["container"])
        yield started
