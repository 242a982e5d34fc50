"""Assessment bodies for tests: the DESIGN §3 example with unique contact details."""

from __future__ import annotations

import copy
import random
import uuid
from typing import Any

EXAMPLE: dict[str, Any] = {
    "contact": {"first_name": "Ana", "last_name": "Diaz", "email": "ana@example.com", "phone": "+13055550123"},
    "location": {"state": "FL", "zip": "33101"},
    "date_of_birth": "1994-03-02",
    "perinatal": {
        "pregnant": False,
        "gave_birth_within_12_months": True,
        "partner_gave_birth_within_12_months": False,
        "breastfeeding": True,
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
    "instruments": {
        "phq9": [2, 2, 1, 2, 1, 1, 1, 0, 0],
        "gad7": [1, 1, 1, 1, 0, 0, 0],
        "epds": [1, 1, 1, 2, 1, 1, 2, 1, 2, 3],
    },
    "consent": {"terms": True, "contact_email": True, "contact_phone": False, "sms": False, "newsletter": True},
    "attribution": {
        "utm_source": "newsletter",
        "utm_medium": "email",
        "utm_campaign": "nov",
        "referrer": "",
        "landing_page": "/ppd",
    },
}
NOT_PERINATAL = {
    "pregnant": False,
    "gave_birth_within_12_months": False,
    "partner_gave_birth_within_12_months": False,
    "breastfeeding": False,
}


def unique_phone() -> str:
    """A valid, random Miami number in E.164."""
    return f"+1305{random.choice('23456789')}{random.randint(0, 999999):06d}"


def body(**changes: Any) -> dict[str, Any]:
    """The example with a fresh email and phone; `changes` replace top-level parts."""
    data = copy.deepcopy(EXAMPLE)
    data["contact"]["email"] = f"visitor-{uuid.uuid4().hex[:12]}@example.com"
    data["contact"]["phone"] = unique_phone()
    data.update(copy.deepcopy(changes))
    return data


def likely_eligible(**changes: Any) -> dict[str, Any]:
    """A visitor with no review flags and a PHQ-9 of 10: likely eligible."""
    base = {
        "perinatal": NOT_PERINATAL,
        "medications": "none",
        "instruments": {"phq9": [2, 2, 1, 2, 1, 1, 1, 0, 0], "gad7": [2, 2, 2, 2, 1, 1, 1]},
    }
    base.update(changes)
    return body(**base)


def flagged(item9: int = 1, **changes: Any) -> dict[str, Any]:
    """A low-total visitor whose PHQ-9 item 9 is positive."""
    phq9 = [0, 0, 0, 0, 0, 0, 0, 0, item9]
    base = {"perinatal": NOT_PERINATAL, "medications": "none", "instruments": {"phq9": phq9}}
    base.update(changes)
    return body(**base)
