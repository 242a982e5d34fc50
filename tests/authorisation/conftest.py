"""Every app of the system built in-process once, and staff tokens made right and made wrong."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import Flask

from services.kit.dev_keys import DEV_STAFF_PRIVATE_KEY_PEM
from services.kit.staff_auth import AUDIENCE, ISSUER
from tests.authorisation.route_access import NO_ROLE
from tests.support.databases import DatabaseFactory
from tests.support.every_app import every_app


@pytest.fixture(scope="module")
def apps(databases: DatabaseFactory) -> Iterator[dict[str, Flask]]:
    """The three services and the gateway app, each on its own fresh database."""
    with every_app(databases) as built:
        yield built


def _claims(**overrides: Any) -> dict[str, Any]:
    """Claims of a valid ten-minute staff token, with some replaced."""
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": f"authz-{uuid.uuid4().hex[:8]}",
        "roles": [],
        "csrf": "csrf-authz",
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + timedelta(minutes=10),
    }
    claims.update(overrides)
    return claims


def _sign(claims: dict[str, Any], key: str = DEV_STAFF_PRIVATE_KEY_PEM) -> str:
    """Sign claims the way the gateway does."""
    return jwt.encode(claims, key, algorithm="EdDSA")


def _stranger_key() -> str:
    """A freshly made Ed25519 key the services have never seen."""
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )


@pytest.fixture(scope="module")
def unsigned_in_tokens() -> dict[str, str | None]:
    """Credentials that must count as nobody: none, forged, expired, wrong audience or issuer, unsigned."""
    past = datetime.now(UTC) - timedelta(hours=2)
    admin = ["admin"]
    return {
        "no token": None,
        "garbage": "not.a.token",
        "forged": _sign(_claims(roles=admin), _stranger_key()),
        "expired": _sign(_claims(roles=admin, iat=past, exp=past + timedelta(minutes=10))),
        "wrong audience": _sign(_claims(roles=admin, aud="clinic-patients")),
        "wrong issuer": _sign(_claims(roles=admin, iss="someone-else")),
        "alg none": jwt.encode(_claims(roles=admin), None, algorithm="none"),
    }


@pytest.fixture(scope="module")
def role_tokens() -> dict[str, str]:
    """A valid token for each role, and one carrying no role at all."""
    tokens = {role: _sign(_claims(roles=[role])) for role in ("admin", "clinician", "marketer")}
    tokens[NO_ROLE] = _sign(_claims(roles=["receptionist"]))
    return tokens
