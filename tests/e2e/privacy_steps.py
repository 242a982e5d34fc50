"""Steps of a privacy request through the gateway, shared by the end-to-end and browser tests."""

from __future__ import annotations

import copy
import io
import json
import random
import uuid
import zipfile
from typing import Any

import requests

from tests.billing.e2e.funnel import ASSESSMENT, pay, start_checkout
from tests.support.system import RunningSystem
from tests.support.waiting import wait_until

STRIPE_AUTH = {"Authorization": "Bearer sk_test_e2e"}


def member_everywhere(system: RunningSystem) -> tuple[str, str, dict[str, Any]]:
    """A visitor who took the assessment, asked for the newsletter and paid: return lead id, email, Checkout."""
    body = copy.deepcopy(ASSESSMENT)
    email = f"privacy-{uuid.uuid4().hex[:10]}@example.com"
    body["contact"]["email"] = email
    body["contact"]["phone"] = f"+1305{random.randint(2000000, 9999999)}"
    body["consent"]["newsletter"] = True
    answer = requests.post(
        system.url + "/api/leads/assessments", json=body, timeout=30, headers={"Idempotency-Key": uuid.uuid4().hex}
    )
    assert answer.status_code == 201, answer.text
    lead_id = answer.json()["id"]
    session = start_checkout(system, lead_id)
    assert pay(session)["result"] == "complete"
    return lead_id, email, session


def stripe(system: RunningSystem, path: str) -> Any:
    """Read an object from the Stripe stand-in's API."""
    answer = requests.get(f"{system.service_url('stripe')}/v1/{path}", headers=STRIPE_AUTH, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def newsletter_rows(system: RunningSystem, email: str, token: str) -> list[dict[str, Any]]:
    """The newsletter's subscribers matching an address, as a marketer's search finds them."""
    answer = requests.get(
        system.url + "/api/newsletter/subscribers",
        params={"q": email},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]  # type: ignore[no-any-return]


def billing_members(system: RunningSystem, email: str, token: str) -> list[dict[str, Any]]:
    """Billing's members with an address, as staff find them."""
    answer = requests.get(
        system.url + "/api/billing/members",
        params={"email": email},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def mail_link(system: RunningSystem, email: str, subject_part: str, path: str) -> str:
    """The link to `path` in the newest email to `email` whose subject holds `subject_part`."""
    found = wait_until(
        lambda: [m for m in system.mail(to=email) if subject_part in m["subject"]] or None, timeout=45, interval=0.3
    )
    return next(word for word in found[0]["text"].split() if path in word)


def token_of(link: str) -> str:
    """The token a privacy link carries."""
    return link.split("token=", 1)[1]


def opened_export(body: bytes) -> tuple[dict[str, Any], str]:
    """The JSON document and the readable page inside a downloaded export."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert sorted(archive.namelist()) == ["my-information.html", "my-information.json"]
        return json.loads(archive.read("my-information.json")), archive.read("my-information.html").decode()
