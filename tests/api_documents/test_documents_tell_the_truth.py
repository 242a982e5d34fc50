"""Schemathesis over every operation of every service's OpenAPI document, with a token of each role.

No generated request gets a 5xx, every answer's status, content type and body are the ones the
document lists, and a request the document allows is not refused as invalid. `API_FUZZ_EXAMPLES`
sets the examples per operation and role (CI keeps it small; `API_FUZZ_EXAMPLES=200` is the long run).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

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

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "4"))
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]
# Operations whose validation still asks more than their document says; every other operation must
# accept every request its document allows. Each entry names what the document does not yet say.
STRICTER_THAN_DOCUMENTED = {
    "GET /api/billing/members": "an email or a lead id is required (one of two query parameters)",
    "POST /api/billing/failed-events/replay": "event_ids or all: true is required (one of two fields)",
    "POST /api/newsletter/subscriptions": "email must be a deliverable address",
    "POST /api/newsletter/campaigns": "subject and preheader: one line, not blank",
    "POST /api/newsletter/campaigns/{campaign_id}/send": "only a campaign in a sendable state",
    "POST /api/newsletter/campaigns/{campaign_id}/schedule": "send_at: an ISO 8601 time in the future",
    **{
        f"POST /api/{service}/staff/dead-letters/{{job_id}}/discard": "reason: no control characters"
        for service in ("leads", "billing", "newsletter")
    },
    **{
        f"GET /api/{service}/staff/audit": "actor, target and times: no control characters, dates in range"
        for service in ("leads", "billing", "newsletter")
    },
}
# Operations that read a provider live, which this in-process run does not start (their own tests do).
NEEDS_A_PROVIDER = {"GET /api/billing/promotion-codes": "lists Stripe's promotion codes"}
SERVICES = ("leads", "billing", "newsletter")
# Every service documents at least these many operations; a document that loses some fails here.
LEAST_OPERATIONS = {"leads": 15, "billing": 7, "newsletter": 14}


@pytest.fixture(scope="module")
def apps(databases: DatabaseFactory) -> Iterator[dict[str, Flask]]:
    """Every service, limits out of the fuzzer's way (tests/gateway proves them)."""
    with every_app(databases) as built:
        yield built


def token(role: str) -> str:
    """A valid hour-long staff token for one role."""
    now = datetime.now(UTC)
    claims = {"sub": f"fuzz-{role}", "roles": [role], "csrf": "x", "iss": ISSUER, "aud": AUDIENCE}
    return jwt.encode({**claims, "iat": now, "exp": now + timedelta(hours=1)}, DEV_STAFF_PRIVATE_KEY_PEM, "EdDSA")


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_answers_as_its_document_says(apps: dict[str, Flask], service: str) -> None:
    """Generated requests to each operation, as each role: no 5xx, only documented answers, valid data accepted."""
    schema = schemathesis.openapi.from_wsgi(f"/api/{service}/openapi.json", apps[service])
    operations = [
        op for op in (result.ok() for result in schema.get_all_operations()) if op.label not in NEEDS_A_PROVIDER
    ]
    assert len(operations) >= LEAST_OPERATIONS[service]
    calls = 0
    for operation in operations:
        acceptance = [] if operation.label in STRICTER_THAN_DOCUMENTED else [checks.positive_data_acceptance]
        for role in ROLES:

            @given(case=operation.as_strategy())
            @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            def answers_as_documented(case: schemathesis.Case) -> None:
                """One generated request, from an address of its own so no limit answers first."""
                nonlocal calls
                calls += 1
                address = {"X-Real-IP": f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{calls % 250}"}
                # Called within this iteration, so `role` is this iteration's.
                response = case.call(headers={"Authorization": f"Bearer {token(role)}", **address})  # noqa: B023
                case.validate_response(response, checks=CHECKS + acceptance)  # noqa: B023

            answers_as_documented()
    assert calls >= len(operations) * len(ROLES)


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
