"""Fixtures for gateway tests: three echoing upstreams and gateways served for real on loopback."""
from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from gateway.app import create_app
from services.kit.dev_keys import DEV_STAFF_PRIVATE_KEY_PEM, DEV_STAFF_PUBLIC_KEY_PEM
from tests.gateway.echo_upstream import echo_app
from tests.support.servers import ThreadServer

SERVICES = ("leads", "billing", "newsletter")


@pytest.fixture(scope="module")
def upstreams() -> Iterator[dict[str, ThreadServer]]:
    """Run one echo upstream per service for the module's tests."""
    with ExitStack() as stack:
        yield {name: stack.enter_context(ThreadServer(echo_app(name))) for name in SERVICES}


@pytest.fixture
def gateway_env(upstreams: dict[str, ThreadServer], tmp_path: Path) -> Callable[..., dict[str, str]]:
    """Build a gateway environment pointing at the echo upstreams, with fresh rate-limit counters."""

    def build(**extra: str) -> dict[str, str]:
        env = {
            "APP_ENV": "development",
            "LOG_LEVEL": "WARNING",
            "GATEWAY_DATABASE_URL": f"sqlite:///{tmp_path / 'gateway.db'}",
            "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}",
            "UPSTREAM_READ_TIMEOUT": "5",
            **{f"{name.upper()}_URL": server.url for name, server in upstreams.items()},
        }
        env.update(extra)
        return env

    return build


@pytest.fixture
def production_env(gateway_env: Callable[..., dict[str, str]]) -> Callable[..., dict[str, str]]:
    """Build a production gateway environment with every secret it requires."""

    def build(**extra: str) -> dict[str, str]:
        return gateway_env(
            APP_ENV="production", STAFF_TOKEN_PRIVATE_KEY=DEV_STAFF_PRIVATE_KEY_PEM,
            STAFF_TOKEN_PUBLIC_KEY=DEV_STAFF_PUBLIC_KEY_PEM, EVENTS_SIGNING_KEY="events-key", STAFF_TOTP_KEY="totp-key",
            **extra,
        )

    return build


@pytest.fixture
def start_gateway(gateway_env: Callable[..., dict[str, str]]) -> Iterator[Callable[..., ThreadServer]]:
    """Start gateways as real HTTP servers; all stop when the test ends."""
    with ExitStack() as stack:

        def start(env: dict[str, str] | None = None, **extra: str) -> ThreadServer:
            app = create_app(env if env is not None else gateway_env(**extra))
            return stack.enter_context(ThreadServer(app))

        yield start


@pytest.fixture
def gateway(start_gateway: Callable[..., ThreadServer]) -> ThreadServer:
    """A gateway with the default development settings."""
    return start_gateway()
