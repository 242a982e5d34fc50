"""Fixtures for the leads service against a real database (PostgreSQL when available)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from services.leads.app import create_app
from services.leads.bootstrap import LeadsParts, parts_of


@pytest.fixture
def leads_env(service_env: Callable[..., dict[str, str]]) -> dict[str, str]:
    """The leads environment with a fresh database and generous spam limits."""
    return service_env("leads", SPAM_IP_PER_HOUR="1000", SPAM_EMAIL_PER_DAY="1000", LOG_LEVEL="WARNING")


@pytest.fixture
def app(leads_env: dict[str, str]) -> Iterator[Flask]:
    """The leads app on its own database."""
    application = create_app(leads_env)
    yield application
    application.extensions["container"].db.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the leads app."""
    return app.test_client()


@pytest.fixture
def parts(app: Flask) -> LeadsParts:
    """The leads app's parts: settings, database, cipher, index."""
    return parts_of(app.extensions["container"])


@pytest.fixture
def submit(client: FlaskClient) -> Callable[..., Any]:
    """POST an assessment and return the response."""

    def post(payload: dict[str, Any], **headers: str) -> Any:
        return client.post("/api/leads/assessments", json=payload, headers=headers)

    return post


@pytest.fixture
def staff_headers(staff_token: Callable[..., str]) -> Callable[..., dict[str, str]]:
    """Authorization headers for a staff member with the given roles."""

    def build(*roles: str, subject: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {staff_token(*roles, subject=subject)}"}

    return build
