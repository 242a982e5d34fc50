"""Through Caddy in front of the real services: every route and every status carries the security headers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
import requests
from flask import Flask

from tests.gateway.conftest import Gateway
from tests.gateway.test_security_headers import EXPECTED, directives
from tests.support.databases import DatabaseFactory
from tests.support.every_app import SERVICES, app_env, routes_of, url_for_route
from tests.support.servers import ProcessServer, free_port, gunicorn_app

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture(scope="module")
def real_services(
    databases: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, tuple[Flask, str]]]:
    """The three services under gunicorn, as deployed; public writes limited to two a minute.

    Each app is also built in-process on the same database, to read its url_map.
    """
    logs = tmp_path_factory.mktemp("header-services")
    with ExitStack() as stack:
        running = {}
        for name, create in SERVICES.items():
            env = app_env(databases, name, PUBLIC_WRITE_LIMIT="2/minute")
            port = free_port()
            server = ProcessServer(
                gunicorn_app(f"services.{name}.app:create_app()", port),
                env,
                ready_url=f"http://127.0.0.1:{port}/metrics",
                log=logs / f"{name}.log",
            )
            stack.enter_context(server)
            running[name] = (create(env), f"http://127.0.0.1:{port}")
        yield running


@pytest.fixture
def front_door(start_gateway: Callable[..., Gateway], real_services: dict[str, tuple[Flask, str]]) -> Gateway:
    """Caddy and the gateway app in front of the real services."""
    return start_gateway(**{f"{name.upper()}_URL": url for name, (_, url) in real_services.items()})


def missing_headers(answer: requests.Response) -> list[str]:
    """The security headers an answer lacks or carries with another value."""
    wrong = [name for name, value in EXPECTED.items() if answer.headers.get(name) != value]
    if "Permissions-Policy" not in answer.headers:
        wrong.append("Permissions-Policy")
    policy = directives(answer.headers.get("Content-Security-Policy", ""))
    if policy.get("frame-ancestors") != "'none'" or policy.get("default-src") not in ("'self'", "'none'"):
        wrong.append("Content-Security-Policy")
    return wrong


def test_every_route_of_every_service_through_caddy_carries_the_headers(
    front_door: Gateway, real_services: dict[str, tuple[Flask, str]]
) -> None:
    """Each rule of each service's url_map, called through Caddy as page and as script, with a bad body."""
    failures, statuses = [], Counter[int]()
    session = requests.Session()
    for name, (app, _) in real_services.items():
        for route in routes_of(name, app):
            url = front_door.url + url_for_route(app, route)
            for accept in ("text/html", "application/json"):
                for _ in range(2 if route.method in UNSAFE else 1):
                    # No body: a body the app leaves unread can make the upstream reset the connection.
                    body = None
                    try:
                        answer = session.request(
                            route.method, url, headers={"Accept": accept}, data=body, timeout=10, allow_redirects=False
                        )
                    except requests.RequestException as broken:
                        failures.append(f"{route.key} {accept}: {broken}")
                        continue
                    statuses[answer.status_code] += 1
                    if wrong := missing_headers(answer):
                        failures.append(f"{route.key} {answer.status_code} {accept}: {wrong}")
    assert not failures, "\n".join(failures)
    assert {200, 303, 401, 404, 429} <= set(statuses), statuses


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_the_gateways_own_refusals_carry_the_headers(front_door: Gateway, accept: str) -> None:
    """404 for unknown and internal paths, 405, and 413 for a body over the webhook limit."""
    headers = {"Accept": accept, "Content-Type": "application/json"}
    answers = [
        (404, requests.get(front_door.url + "/internal/events", headers=headers, timeout=10)),
        (404, requests.get(front_door.url + "/no/such/page", headers=headers, timeout=10)),
        (405, requests.delete(front_door.url + "/api/leads/assessments", headers=headers, timeout=10)),
        (
            413,
            requests.post(
                # Webhooks are never rate limited, so nothing but the body limit can answer first.
                front_door.url + "/webhooks/stripe",
                data=b"x" * (1024 * 1024 + 1),
                headers=headers,
                timeout=10,
            ),
        ),
    ]
    for status, answer in answers:
        assert answer.status_code == status, (answer.url, status, answer.status_code)
        assert missing_headers(answer) == [], (answer.url, status)


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_a_service_that_is_down_or_slow_gets_the_headers_too(
    start_gateway: Callable[..., Gateway], accept: str
) -> None:
    """502 for a refused connection and 504 for a slow answer, as page or JSON, carry every header."""
    gateway = start_gateway(BILLING_URL=f"http://127.0.0.1:{free_port()}", UPSTREAM_READ_TIMEOUT="300ms")
    down = requests.get(gateway.url + "/membership", headers={"Accept": accept}, timeout=10)
    slow = requests.get(gateway.url + "/api/leads/slow?seconds=2", headers={"Accept": accept}, timeout=10)
    assert (down.status_code, slow.status_code) == (502, 504)
    assert missing_headers(down) == [] and missing_headers(slow) == []
