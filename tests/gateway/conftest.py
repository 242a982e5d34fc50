"""Fixtures for gateway tests: echoing upstreams and the gateway app, with the real Caddy in front."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from gateway.app import create_app
from services.kit.dev_keys import DEV_STAFF_PRIVATE_KEY_PEM, DEV_STAFF_PUBLIC_KEY_PEM
from tests.gateway.echo_upstream import echo_app
from tests.support.caddy import CaddyServer
from tests.support.servers import ThreadServer

SERVICES = ("leads", "billing", "newsletter")


@dataclass(frozen=True)
class Gateway:
    """A started front door: Caddy's public and admin sides, and the gateway app behind it."""

    caddy: CaddyServer
    app: ThreadServer

    @property
    def url(self) -> str:
        """Where callers reach the gateway."""
        return self.caddy.url

    @property
    def port(self) -> int:
        """Caddy's public port."""
        return self.caddy.port


@pytest.fixture(scope="module")
def start_upstreams() -> Iterator[Callable[..., dict[str, ThreadServer]]]:
    """Start one echo upstream per service with the given limiter settings; all stop with the module."""
    with ExitStack() as stack:

        def start(**env: str) -> dict[str, ThreadServer]:
            settings = {"RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}", **env}
            return {name: stack.enter_context(ThreadServer(echo_app(name, env=settings))) for name in SERVICES}

        yield start


@pytest.fixture(scope="module")
def upstreams(start_upstreams: Callable[..., dict[str, ThreadServer]]) -> dict[str, ThreadServer]:
    """The module's echo upstreams, with limits high enough never to get in the way."""
    return start_upstreams(PUBLIC_WRITE_LIMIT="10000/minute")


@pytest.fixture
def gateway_env(upstreams: dict[str, ThreadServer], tmp_path: Path) -> Callable[..., dict[str, str]]:
    """Build the environment of the gateway (Caddy and app) pointing at the echo upstreams."""

    def build(**extra: str) -> dict[str, str]:
        env = {
            "APP_ENV": "development",
            "LOG_LEVEL": "WARNING",
            "GATEWAY_DATABASE_URL": f"sqlite:///{tmp_path / 'gateway.db'}",
            "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}",
            "UPSTREAM_READ_TIMEOUT": "5s",
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
            APP_ENV="production",
            STAFF_TOKEN_PRIVATE_KEY=DEV_STAFF_PRIVATE_KEY_PEM,
            STAFF_TOKEN_PUBLIC_KEY=DEV_STAFF_PUBLIC_KEY_PEM,
            EVENTS_SIGNING_KEY="events-key",
            STAFF_TOTP_KEY="totp-key",
            SENDGRID_API_KEY="SG.production-key",
            **extra,
        )

    return build


@pytest.fixture
def start_gateway(gateway_env: Callable[..., dict[str, str]], tmp_path: Path) -> Iterator[Callable[..., Gateway]]:
    """Start gateways (the app served for real, Caddy in front); all stop when the test ends."""
    with ExitStack() as stack:

        def start(env: dict[str, str] | None = None, **extra: str) -> Gateway:
            settings = env if env is not None else gateway_env(**extra)
            app = stack.enter_context(ThreadServer(create_app(settings)))
            state = tmp_path / f"caddy-{uuid.uuid4().hex[:8]}"
            caddy = stack.enter_context(CaddyServer({**settings, "GATEWAY_APP_URL": app.url}, state))
            return Gateway(caddy, app)

        yield start


@pytest.fixture
def gateway(start_gateway: Callable[..., Gateway]) -> Gateway:
    """A gateway with the default development settings."""
    return start_gateway()
