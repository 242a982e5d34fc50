"""Fixtures every test folder shares: databases, service settings, tokens."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest

from services.kit.dev_keys import DEV_STAFF_PRIVATE_KEY_PEM, DEV_STAFF_PUBLIC_KEY_PEM
from services.kit.staff_auth import AUDIENCE, ISSUER
from tests.support.databases import DatabaseFactory

EVENTS_KEY = "test-events-signing-key"


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    """Make migrated databases on PostgreSQL when reachable, SQLite otherwise."""
    factory = DatabaseFactory(tmp_path_factory.mktemp("db"))
    yield factory
    factory.drop_all()


@pytest.fixture
def service_env(databases: DatabaseFactory) -> Callable[..., dict[str, str]]:
    """Build the environment mapping of one service with its own fresh database."""

    def build(service: str, **extra: str) -> dict[str, str]:
        env = {
            "APP_ENV": "development",
            f"{service.upper()}_DATABASE_URL": databases.create(service),
            "EVENTS_SIGNING_KEY": EVENTS_KEY,
            "STAFF_TOKEN_PUBLIC_KEY": DEV_STAFF_PUBLIC_KEY_PEM,
            "LOG_LEVEL": "INFO",
            # Tests of the forms post many times from one address; tests/gateway prove the limits.
            "PUBLIC_WRITE_LIMIT": "10000/minute",
        }
        env.update(extra)
        return env

    return build


@pytest.fixture
def staff_token() -> Callable[..., str]:
    """Issue staff tokens the way the gateway does, with knobs to make them wrong."""

    def issue(
        *roles: str,
        subject: str | None = None,
        ttl: int = 600,
        key: str = DEV_STAFF_PRIVATE_KEY_PEM,
        csrf: str = "csrf-test",
        email: str | None = None,
    ) -> str:
        now = datetime.now(UTC)
        claims = {
            "sub": subject or f"staff-{uuid.uuid4().hex[:8]}",
            "roles": list(roles),
            "csrf": csrf,
            "iss": ISSUER,
            "aud": AUDIENCE,
            "iat": now,
            "exp": now + timedelta(seconds=ttl),
        }
        if email:
            claims["email"] = email
        return jwt.encode(claims, key, algorithm="EdDSA")

    return issue


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for a test module."""
    from tests.support.browser import chromium

    with chromium() as started:
        yield started


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how much the leak scan of the end-to-end systems read, when any system ran."""
    from tests.support.leak_scan import SESSION_SCAN

    tally = SESSION_SCAN
    if tally.systems:
        terminalreporter.write_line(
            f"leak scan: {tally.systems} systems, {tally.log_lines} log lines, {tally.mails} mails, "
            f"{tally.stripe_requests} Stripe requests read; {tally.findings} findings"
        )
