"""Bad input is a 422 with field errors and stores nothing; so is a 409 for what only today or the ZIP list refuse."""

from __future__ import annotations

import copy
from datetime import date, timedelta

import pytest

from services.leads.tables import infra, leads
from tests.leads import payloads
from tests.leads.integration.db_rows import rows


def _without(path: str) -> dict:
    data = payloads.body()
    *parents, leaf = path.split(".")
    node = data
    for part in parents:
        node = node[part]
    del node[leaf]
    return data


def _with(path: str, value) -> dict:
    data = payloads.body()
    *parents, leaf = path.split(".")
    node = data
    for part in parents:
        node = node[part]
    node[leaf] = copy.deepcopy(value)
    return data


CASES = {
    "missing email": (_without("contact.email"), "contact"),
    "missing phq9": (_without("instruments.phq9"), "instruments"),
    "missing consent": (_without("consent"), "consent"),
    "unknown top-level field": (_with("favourite_colour", "blue"), "favourite_colour"),
    "unknown history field": (_with("history.gout", True), "history"),
    "unknown instrument": (_with("instruments.bdi", [0] * 21), "instruments"),
    "too few items": (_with("instruments.phq9", [0] * 8), "instruments"),
    "too many items": (_with("instruments.gad7", [0] * 8), "instruments"),
    "position out of range": (_with("instruments.phq9", [0] * 8 + [4]), "instruments"),
    "negative position": (_with("instruments.epds", [0] * 9 + [-1]), "instruments"),
    "position not an integer": (_with("instruments.phq9", [0] * 8 + ["1"]), "instruments"),
    "epds missing postpartum": (_with("instruments.epds", None), "instruments"),
    "unknown state": (_with("location.state", "ZZ"), "location"),
    "terms not accepted": (_with("consent.terms", False), "consent"),
    "oversized name": (_with("contact.first_name", "A" * 5000), "contact"),
    "oversized medications": (_with("medications", "x" * 10000), "medications"),
    "bad email": (_with("contact.email", "not-an-email"), "contact"),
    "bad phone": (_with("contact.phone", "12"), "contact"),
    "list body": ([1, 2, 3], None),
    "zip not five digits": (_with("location.zip", "3360"), "location"),
    "blank first name": (_with("contact.first_name", " \u3000 "), "contact"),
    "phone with an unassigned area code": (_with("contact.phone", "(123) 456-7890"), "contact"),
}
# Well-formed requests the document allows, refused by rules that depend on today or on the USPS ZIP list.
CONFLICTS = {
    "zip of another state": (_with("location.zip", "07001"), "location"),
    "birth date in future": (_with("date_of_birth", (date.today() + timedelta(days=2)).isoformat()), "date_of_birth"),
    "birth date over 120 years back": (_with("date_of_birth", "1800-01-01"), "date_of_birth"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_invalid_submission_is_422_with_field_errors_and_stores_nothing(submit, parts, case):
    """Each kind of bad input names its field and leaves no lead and no outbox row behind."""
    payload, field = CASES[case]
    answer = submit(payload)
    assert answer.status_code == 422, answer.get_json()
    data = answer.get_json()
    assert set(data) == {"code", "status", "message", "errors"} and data["code"] == 422
    if field:
        assert field in data["errors"]["json"]
    assert rows(parts, leads) == [] and rows(parts, infra.outbox) == []


@pytest.mark.parametrize("case", sorted(CONFLICTS))
def test_a_conflict_with_today_or_the_zip_list_is_409_with_field_errors_and_stores_nothing(submit, parts, case):
    """What the document cannot state is a 409 in the error shape, naming the field, and nothing is stored."""
    payload, field = CONFLICTS[case]
    answer = submit(payload)
    assert answer.status_code == 409, answer.get_json()
    data = answer.get_json()
    assert set(data) == {"code", "status", "message", "errors"} and data["code"] == 409
    assert field in data["errors"]["json"]
    assert rows(parts, leads) == [] and rows(parts, infra.outbox) == []


def test_non_json_body_is_422(client, parts):
    """A body that is not JSON is a 422, not a 400 or 500."""
    answer = client.post("/api/leads/assessments", data=b"\xff{not json", content_type="application/json")
    assert answer.status_code == 422
    assert rows(parts, leads) == []


def test_form_encoded_body_is_422(client):
    """A body sent as a form instead of JSON reports the missing fields."""
    answer = client.post("/api/leads/assessments", data={"contact": "x"})
    assert answer.status_code == 422
    assert "contact" in answer.get_json()["errors"]["json"]
