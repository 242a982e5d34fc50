"""Schemathesis over every operation of every service's OpenAPI document, with a token of each role.

No generated request gets a 5xx, every answer's status, content type and body are the ones the
document lists, and a request the document allows is not refused as invalid. `API_FUZZ_EXAMPLES`
sets the examples per operation and role (CI keeps it small; `API_FUZZ_EXAMPLES=200` is the long run).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from services.kit.dev_keys import DEV_STAFF_PRIVATE_KEY_PEM
from services.kit.staff_auth import AUDIENCE, ISSUER, ROLES
from tests.support.databases import DatabaseFactory
from tests.support.every_app import every_app
from tests.support.stripe_codes import add_promotion_codes, stripe_standin

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "4"))
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    # Every request a document allows is accepted: no operation asks more than its document says.
    checks.positive_data_acceptance,
]
# The three services and the gateway app, which documents its own staff sign-in and session renewal.
SERVICES = ("leads", "billing", "newsletter", "gateway")
# Every app documents at least these many operations; a document that loses some fails here.
LEAST_OPERATIONS = {"leads": 15, "billing": 7, "newsletter": 14, "gateway": 2}


@pytest.fixture(scope="module")
def apps(databases: DatabaseFactory) -> Iterator[dict[str, Flask]]:
    """Every service, limits out of the fuzzer's way (tests/gateway proves them); billing reads a Stripe stand-in."""
    with stripe_standin() as stripe_url, every_app(databases, STRIPE_API_BASE=stripe_url) as built:
        add_promotion_codes(stripe_url)  # so the listing answers with every kind of code, not an empty list
        yield built


def token(role: str) -> str:
    """A valid hour-long staff token for one role."""
    now = datetime.now(UTC)
    claims = {"sub": f"fuzz-{role}", "roles": [role], "csrf": "x", "iss": ISSUER, "aud": AUDIENCE}
    return jwt.encode({**claims, "iat": now, "exp": now + timedelta(hours=1)}, DEV_STAFF_PRIVATE_KEY_PEM, "EdDSA")


def fuzz_every_role(operations: list[Any], call: Callable[[schemathesis.Case, dict[str, str]], Any]) -> int:
    """Run each operation's generated requests with a token of each role through `call`; return how many ran."""
    calls = 0
    for operation in operations:
        for role in ROLES:
            headers = {"Authorization": f"Bearer {token(role)}"}

            @given(case=operation.as_strategy())
            @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            def answers_as_documented(case: schemathesis.Case) -> None:
                """One generated request with this iteration's role, checked against the document."""
                nonlocal calls
                calls += 1
                # Called within this iteration, so `headers` is this iteration's.
                case.validate_response(call(case, headers), checks=CHECKS)  # noqa: B023

            answers_as_documented()
    assert calls >= len(operations) * len(ROLES)
    return calls


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_answers_as_its_document_says(apps: dict[str, Flask], service: str) -> None:
    """Generated requests to each operation, as each role: no 5xx, only documented answers, valid data accepted."""
    schema = schemathesis.openapi.from_wsgi(f"/api/{service}/openapi.json", apps[service])
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= LEAST_OPERATIONS[service]

    def from_an_address_of_its_own(case: schemathesis.Case, headers: dict[str, str]) -> Any:
        """Call in process from a fresh address, so no limit answers first."""
        address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
        return case.call(headers={**headers, "X-Real-IP": address})

    fuzz_every_role(operations, from_an_address_of_its_own)


def test_text_no_database_can_store_is_refused_as_bad_input(apps: dict[str, Flask]) -> None:
    """NUL or a lone surrogate in any JSON string is a 422 naming the field, never a 500 (billing's was)."""
    for service, path, field in (
        ("billing", "/api/billing/checkout-sessions", "lead_id"),
        ("leads", "/api/leads/inquiries", "message"),
        ("newsletter", "/api/newsletter/subscriptions", "email"),
    ):
        for text in ("N\\u0000x", "\\ud911x"):
            body = f'{{"{field}": "{text}"}}'.encode()
            answer = apps[service].test_client().post(path, data=body, content_type="application/json")
            assert answer.status_code == 422, (service, text, answer.status_code)
            assert set(answer.get_json()) == {"code", "status", "message", "errors"}
            assert list(answer.get_json()["errors"]["json"]) == [field], (service, text)


def test_a_number_beyond_a_database_integer_matches_no_route(apps: dict[str, Flask]) -> None:
    """An id larger than an integer column holds is a 404, and the document says the bound."""
    client = apps["newsletter"].test_client()
    headers = {"Authorization": f"Bearer {token('marketer')}"}
    assert client.get("/api/newsletter/campaigns/2147483648/progress", headers=headers).status_code == 404
    assert client.get("/api/newsletter/campaigns/2147483647/progress", headers=headers).status_code == 404
    document = client.get("/api/newsletter/openapi.json").get_json()
    parameter = document["paths"]["/api/newsletter/campaigns/{campaign_id}"]["parameters"][0]
    assert parameter["schema"]["maximum"] == 2147483647
