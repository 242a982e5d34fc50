"""Fuzz the leads API from its own OpenAPI document, and the assessment edge with Hypothesis: never a 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.kit.dev_keys import DEV_STAFF_PUBLIC_KEY_PEM
from services.leads.app import create_app
from tests.conftest import EVENTS_KEY
from tests.leads import payloads

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def fuzz_app(databases) -> Iterator[Flask]:
    """One leads app for the whole fuzz run."""
    app = create_app(
        {
            "LEADS_DATABASE_URL": databases.create("leads"),
            "EVENTS_SIGNING_KEY": EVENTS_KEY,
            "STAFF_TOKEN_PUBLIC_KEY": DEV_STAFF_PUBLIC_KEY_PEM,
            "LOG_LEVEL": "CRITICAL",
            # The fuzzer posts hundreds of times from one address; the limits are proven in tests/gateway.
            "PUBLIC_WRITE_LIMIT": "100000/minute",
        }
    )
    yield app
    app.extensions["container"].db.dispose()


@pytest.fixture(scope="module")
def operations(fuzz_app: Flask) -> list[Any]:
    """Every operation of the leads OpenAPI document, served by the app itself."""
    schema = schemathesis.openapi.from_wsgi("/api/leads/openapi.json", fuzz_app)
    return [result.ok() for result in schema.get_all_operations()]


def test_the_openapi_document_lists_the_assessment_endpoint(operations):
    """The fuzzer sees POST /api/leads/assessments and the staff endpoints."""
    labels = {op.label for op in operations}
    assert "POST /api/leads/assessments" in labels and "GET /api/leads/staff/queue" in labels


@given(data=st.data())
@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_operation_answers_with_a_server_error(operations, staff_token_for_fuzz, data):
    """Every operation, with generated input and a clinician's token, answers below 500."""
    operation = data.draw(st.sampled_from(operations))
    case = data.draw(operation.as_strategy())
    response = case.call(headers={"Authorization": f"Bearer {staff_token_for_fuzz}"})
    assert response.status_code < 500, (operation.label, response.text)


@pytest.fixture(scope="module")
def staff_token_for_fuzz() -> str:
    """A long-lived clinician token for the fuzz run."""
    import uuid
    from datetime import UTC, datetime, timedelta

    import jwt

    from services.kit.dev_keys import DEV_STAFF_PRIVATE_KEY_PEM
    from services.kit.staff_auth import AUDIENCE, ISSUER

    now = datetime.now(UTC)
    claims = {
        "sub": f"fuzz-{uuid.uuid4().hex[:6]}",
        "roles": ["clinician"],
        "csrf": "x",
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + timedelta(hours=1),
    }
    return jwt.encode(claims, DEV_STAFF_PRIVATE_KEY_PEM, algorithm="EdDSA")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 40) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=11) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=30,
)
sections = (
    "contact",
    "location",
    "date_of_birth",
    "perinatal",
    "history",
    "medications",
    "instruments",
    "consent",
    "attribution",
)


@given(section=st.sampled_from(sections), value=json_values)
@FUZZ
def test_any_value_in_any_section_is_answered_without_a_server_error(fuzz_app, section, value):
    """Replacing one section of a valid body with arbitrary JSON gives 201 or 422, never 5xx."""
    body = payloads.body()
    body[section] = value
    answer = fuzz_app.test_client().post("/api/leads/assessments", json=body)
    assert answer.status_code in (201, 422), answer.get_json()


@given(positions=st.lists(st.integers(-3, 6), min_size=0, max_size=12), key=st.sampled_from(["phq9", "gad7", "epds"]))
@FUZZ
def test_any_answer_list_is_scored_or_refused_cleanly(fuzz_app, positions, key):
    """Answer lists of any length and range are scored (201) or refused with field errors (422)."""
    body = payloads.body()
    body["instruments"][key] = positions
    answer = fuzz_app.test_client().post("/api/leads/assessments", json=body)
    assert answer.status_code in (201, 422)
    if answer.status_code == 422:
        assert "instruments" in answer.get_json()["errors"]["json"]
