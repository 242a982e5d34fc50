"""The leads API's document states the public forms' rules from the same constants the code checks them by."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.leads.app import create_app
from services.leads.assessments.domain import EPDS, GAD7, PHQ9
from services.leads.assessments.domain.zip_check import STATE_CODES, ZIP_PATTERN
from services.leads.web.us_phone import PHONE_PATTERN
from services.leads.web.words import SAYS_SOMETHING_PATTERN


def _document(client: Any) -> dict[str, Any]:
    """The served OpenAPI document."""
    return client.get("/api/leads/openapi.json").get_json()


def test_the_document_states_the_checked_patterns_and_choices(client):
    """Phone, names, ZIP, state, consents and answer counts read as the code checks them."""
    schemas = _document(client)["components"]["schemas"]
    assert schemas["Contact"]["properties"]["phone"]["pattern"] == PHONE_PATTERN
    assert schemas["InquiryRequest"]["properties"]["phone"]["pattern"] == PHONE_PATTERN
    for field in ("first_name", "last_name"):
        assert schemas["Contact"]["properties"][field]["pattern"] == SAYS_SOMETHING_PATTERN
    for field in ("name", "message"):
        assert schemas["InquiryRequest"]["properties"][field]["pattern"] == SAYS_SOMETHING_PATTERN
    assert schemas["Location"]["properties"]["zip"]["pattern"] == ZIP_PATTERN
    assert set(schemas["Location"]["properties"]["state"]["enum"]) == STATE_CODES
    assert schemas["Consent"]["properties"]["terms"]["enum"] == [True]
    assert schemas["InquiryRequest"]["properties"]["consent"]["enum"] == [True]
    for instrument in (PHQ9, GAD7, EPDS):
        answers = schemas["Instruments"]["properties"][instrument.id]
        assert answers["minItems"] == answers["maxItems"] == instrument.item_count
        assert answers["items"] == {"type": "integer", "minimum": 0, "maximum": 3}
    assert schemas["AssessmentRequest"]["then"]["properties"]["instruments"]["required"] == ["epds"]
    assert schemas["ConsultationRequest"]["properties"]["windows"]["uniqueItems"] is True


def test_the_document_lists_the_configured_parts_of_the_day(service_env: Callable[..., dict[str, str]]):
    """The `period` choices are this deployment's CONSULTATION_WINDOWS keys."""
    app = create_app(service_env("leads", CONSULTATION_WINDOWS="morning=09:00-12:00,lunch_slot=12:00-13:00"))
    try:
        period = _document(app.test_client())["components"]["schemas"]["Window"]["properties"]["period"]
        assert period["enum"] == ["morning", "lunch_slot"]
    finally:
        app.extensions["container"].db.dispose()


def test_conflicts_are_documented_with_the_error_shape(client):
    """The three public writes that answer 409 for calendar or ZIP-list rules document it, with the error body."""
    paths = _document(client)["paths"]
    for path in (
        "/api/leads/assessments",
        "/api/leads/assessments/{lead_id}/consultation",
        "/api/leads/consultations",
    ):
        operation = paths[path]["post"]
        conflict = operation["responses"]["409"]
        assert conflict["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
        assert "409" in operation["description"]
