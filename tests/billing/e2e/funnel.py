"""Steps of the visitor's funnel through the gateway, shared by the end-to-end tests."""

from __future__ import annotations

import copy
import random
import uuid
from typing import Any

import requests

from tests.support.system import RunningSystem
from tests.support.waiting import wait_until

ASSESSMENT: dict[str, Any] = {
    "contact": {"first_name": "Ana", "last_name": "Diaz", "email": "", "phone": "+13055550123"},
    "location": {"state": "FL", "zip": "33101"},
    "date_of_birth": "1994-03-02",
    "perinatal": {
        "pregnant": False,
        "gave_birth_within_12_months": False,
        "partner_gave_birth_within_12_months": False,
        "breastfeeding": False,
    },
    "history": {
        "psychosis": False,
        "bipolar_or_mania": False,
        "substance_use_disorder": False,
        "uncontrolled_hypertension": False,
        "heart_disease": False,
        "aneurysm_or_brain_bleed": False,
        "seizures": False,
        "ketamine_adverse_reaction": False,
    },
    "medications": "sertraline 50 mg",
    "instruments": {"phq9": [2, 2, 1, 2, 1, 1, 1, 0, 0], "gad7": [1, 1, 1, 1, 0, 0, 0]},
    "consent": {"terms": True, "contact_email": True, "contact_phone": False, "sms": False, "newsletter": False},
    "attribution": {
        "utm_source": "billing-e2e",
        "utm_medium": "email",
        "utm_campaign": "nov",
        "referrer": "",
        "landing_page": "/ppd",
    },
}


def take_assessment(system: RunningSystem, source: str = "billing-e2e") -> tuple[str, str]:
    """Take the free assessment as a likely-eligible visitor from `source`; return the lead id and email."""
    body = copy.deepcopy(ASSESSMENT)
    email = f"funnel-{uuid.uuid4().hex[:10]}@example.com"
    body["contact"]["email"] = email
    body["attribution"]["utm_source"] = source
    # Leads dedupes repeat visitors by email and phone: each test is a new person.
    body["contact"]["phone"] = f"+1305{random.randint(2000000, 9999999)}"
    answer = requests.post(
        system.url + "/api/leads/assessments", json=body, timeout=30, headers={"Idempotency-Key": uuid.uuid4().hex}
    )
    assert answer.status_code == 201, answer.text
    result = answer.json()
    assert result["outcome"] == "likely_eligible", result
    return result["id"], email


def start_checkout(system: RunningSystem, lead_id: str) -> dict[str, Any]:
    """Ask billing for Checkout once leads has told it the lead is cleared."""

    def attempt() -> dict[str, Any] | None:
        answer = requests.post(system.url + "/api/billing/checkout-sessions", json={"lead_id": lead_id}, timeout=30)
        return answer.json() if answer.status_code == 201 else None

    return wait_until(attempt, timeout=30, interval=0.3)


def pay(session: dict[str, Any], card: str = "4242424242424242") -> dict[str, Any]:
    """Pay on the hosted Checkout as a script would."""
    return requests.post(session["url"] + "/complete", json={"card": card}, timeout=30).json()  # type: ignore[no-any-return]


def lead_record(system: RunningSystem, lead_id: str, token: str) -> dict[str, Any]:
    """Read the lead as clinical staff through the gateway."""
    answer = requests.get(
        f"{system.url}/api/leads/staff/leads/{lead_id}",
        timeout=10,
        headers={"Authorization": f"Bearer {token}"},
        params={"reason": "billing e2e check"},
    )
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def funnel_row(system: RunningSystem, source: str, token: str) -> dict[str, Any] | None:
    """Read the funnel figures of one source, as marketers see them."""
    answer = requests.get(
        system.url + "/api/leads/staff/funnel", timeout=10, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200, answer.text
    rows = [r for r in answer.json()["rows"] if r["source"] == source]
    return rows[0] if rows else None
