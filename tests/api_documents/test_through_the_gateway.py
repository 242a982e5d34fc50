"""Schemathesis over every operation of every service through the real front door, with a token of each role.

The whole system runs as `make run` starts it (Caddy, the gateway app, the three services, their workers and
the provider stand-ins); each document is read through Caddy and every request goes through Caddy, so what
Caddy adds or answers itself (headers, body limits, its error shape) must agree with the documents too.
The checks and the list of operations still stricter than their documents are the in-process run's.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from flask import Flask
from schemathesis import checks

from tests.api_documents.test_documents_tell_the_truth import (
    LEAST_OPERATIONS,
    SERVICES,
    fuzz_every_role,
    token,
)
from tests.support.caddy import CaddyServer
from tests.support.databases import DatabaseFactory
from tests.support.servers import ThreadServer, free_port
from tests.support.stripe_codes import add_promotion_codes
from tests.support.system import RunningSystem, running_system

# Through Caddy every request comes from this machine's one address, so the limits keyed on it are raised
# out of the fuzzer's way (tests/gateway proves them); the counters get a prefix no other run shares.
HIGH_LIMITS = {"PUBLIC_WRITE_LIMIT": "1000000/minute", "AUTH_LIMIT": "1000000/minute"}


@pytest.fixture(scope="module")
def system(databases: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSystem]:
    """The whole system behind Caddy, limits raised, the Stripe stand-in holding promotion codes."""
    prefix = {"RATELIMIT_KEY_PREFIX": f"through-gateway-{uuid.uuid4().hex[:10]}"}
    with running_system(
        databases, tmp_path_factory.mktemp("logs"), fuzzed_targets=True, **HIGH_LIMITS, **prefix
    ) as started:
        add_promotion_codes(started.service_url("stripe"))
        yield started


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_through_the_gateway_answers_as_its_document_says(system: RunningSystem, service: str) -> None:
    """Every operation, read and called through Caddy as each role: no 5xx, documented answers, valid data accepted."""
    schema = schemathesis.openapi.from_url(f"{system.url}/api/{service}/openapi.json", timeout=30)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= LEAST_OPERATIONS[service]
    # One keep-alive session, closed at the end so Caddy's graceful stop has no connection to wait for.
    with requests.Session() as session:
        started = time.monotonic()

        def through_caddy(case: schemathesis.Case, headers: dict[str, str]) -> Any:
            """Call through the front door on the shared connection."""
            return case.call(base_url=system.url, session=session, headers=headers, timeout=60)

        calls = fuzz_every_role(operations, through_caddy)
    print(f"{service}: {len(operations)} operations, {calls} requests, {time.monotonic() - started:.1f} s")


# One operation of each service that takes a JSON body, and a body far over Caddy's limit for /api/* (64 KiB).
BODY_OPERATIONS = {
    "leads": "/api/leads/inquiries",
    "billing": "/api/billing/checkout-sessions",
    "newsletter": "/api/newsletter/subscriptions",
}
OVERSIZED: Any = {"message": "x" * 70_000}
# What an answer Caddy makes itself must agree with: the status, content type and body the document lists.
CONFORMANCE = [checks.status_code_conformance, checks.content_type_conformance, checks.response_schema_conformance]
ERROR_KEYS = {"code", "status", "message", "errors"}


def test_a_body_over_caddys_limit_is_refused_in_the_error_shape_its_document_lists(system: RunningSystem) -> None:
    """Caddy's own 413 to each service's JSON operations is our error shape, typed JSON, and a documented answer."""
    for service, path in BODY_OPERATIONS.items():
        schema = schemathesis.openapi.from_url(f"{system.url}/api/{service}/openapi.json", timeout=30)
        case = schema[path]["POST"].Case(body=OVERSIZED, media_type="application/json")
        response = case.call(base_url=system.url, timeout=30)
        assert response.status_code == 413, (service, response.status_code)
        assert response.headers["content-type"] == ["application/json"]
        assert set(response.json()) == ERROR_KEYS
        case.validate_response(response, checks=CONFORMANCE)


def _slow_service() -> Flask:
    """An upstream that answers every request only after Caddy has stopped waiting."""
    app = Flask("slow_service")

    @app.route("/", defaults={"path": ""}, methods=["GET", "POST"])
    @app.route("/<path:path>", methods=["GET", "POST"])
    def slow(path: str) -> tuple[str, int]:
        time.sleep(2)
        return "{}", 200

    return app


@pytest.fixture(scope="module")
def broken_front_door(system: RunningSystem, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A second Caddy as configured for the system, with leads and newsletter down and billing too slow."""
    with ThreadServer(_slow_service()) as slow:
        env = {
            **system.env,
            "GATEWAY_APP_URL": system.service_url("gateway-app"),
            "CADDY_BIND": "127.0.0.1",
            "LEADS_URL": f"http://127.0.0.1:{free_port()}",
            "NEWSLETTER_URL": f"http://127.0.0.1:{free_port()}",
            "BILLING_URL": slow.url,
            "UPSTREAM_READ_TIMEOUT": "300ms",
        }
        with CaddyServer(env, tmp_path_factory.mktemp("broken-caddy")) as caddy:
            yield {"leads": caddy.url, "newsletter": caddy.url, "billing": caddy.url}


@pytest.mark.parametrize(("service", "status"), [("leads", 502), ("newsletter", 502), ("billing", 504)])
def test_a_service_down_or_too_slow_is_answered_in_the_error_shape_its_document_lists(
    system: RunningSystem, broken_front_door: dict[str, str], service: str, status: int
) -> None:
    """Caddy's own 502 (nothing listening) and 504 (no answer in time) are our error shape and documented answers."""
    schema = schemathesis.openapi.from_url(f"{system.url}/api/{service}/openapi.json", timeout=30)
    case = schema[BODY_OPERATIONS[service]]["POST"].Case(body={}, media_type="application/json")
    response = case.call(base_url=broken_front_door[service], timeout=30)
    assert response.status_code == status, (service, response.status_code)
    assert response.headers["content-type"] == ["application/json"]
    assert set(response.json()) == ERROR_KEYS and service in response.json()["message"]
    case.validate_response(response, checks=CONFORMANCE)


def test_a_campaign_as_long_as_its_document_allows_passes_the_front_door(system: RunningSystem) -> None:
    """Markdown of the documented 200,000 characters is a staff body (1 MiB at Caddy), stored, not a 413."""
    document = requests.get(f"{system.url}/api/newsletter/openapi.json", timeout=30).json()
    longest = document["components"]["schemas"]["CampaignIn"]["properties"]["markdown"]["maxLength"]
    body = {"slug": f"long-{uuid.uuid4().hex[:8]}", "subject": "A long letter", "markdown": "word " * (longest // 5)}
    headers = {"Authorization": f"Bearer {token('marketer')}"}
    answer = requests.post(f"{system.url}/api/newsletter/campaigns", json=body, headers=headers, timeout=60)
    assert answer.status_code == 201, answer.text[:300]
    assert len(answer.json()["markdown"]) == longest
