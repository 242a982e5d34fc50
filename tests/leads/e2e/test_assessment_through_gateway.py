"""Through the gateway with real workers: the API, the clinician alert email and the consultation .ics."""

from __future__ import annotations

from datetime import date, timedelta

import requests

from tests.leads import payloads
from tests.support.waiting import wait_until


def test_assessment_api_answers_through_the_gateway_and_replays_by_key(system):
    """POST /api/leads/assessments via the gateway; the same Idempotency-Key gives the same lead."""
    payload = payloads.likely_eligible()
    headers = {"Idempotency-Key": "e2e-key-1"}
    first = requests.post(system.url + "/api/leads/assessments", json=payload, headers=headers, timeout=10)
    again = requests.post(system.url + "/api/leads/assessments", json=payload, headers=headers, timeout=10)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and first.json()["outcome"] == "likely_eligible"
    bad = requests.post(
        system.url + "/api/leads/assessments", data="{", timeout=10, headers={"Content-Type": "application/json"}
    )
    assert bad.status_code == 422


def test_safety_alert_reaches_the_on_call_clinician_without_health_data(system):
    """The worker sends the alert through SendGrid (stand-in): a link, a deadline, no answers, no name."""
    payload = payloads.flagged(item9=2)
    lead_id = requests.post(system.url + "/api/leads/assessments", json=payload, timeout=10).json()["id"]
    mail = wait_until(
        lambda: [m for m in system.mail(to="oncall@clinic.example") if lead_id in (m["text"] or "")], timeout=30
    )
    text = (mail[0]["subject"] + mail[0]["text"] + mail[0]["html"]).lower()
    assert f"/admin/leads/{lead_id}" in text and "30 minutes" in text
    for word in ("phq", "item", "score", "suicid", payload["contact"]["first_name"].lower(), "@example.com"):
        assert word not in text


def test_consultation_request_is_confirmed_by_email_with_a_calendar_file(system):
    """The visitor gets a confirmation with a text/calendar attachment for the first window."""
    payload = payloads.likely_eligible()
    lead_id = requests.post(system.url + "/api/leads/assessments", json=payload, timeout=10).json()["id"]
    day = (date.today() + timedelta(days=3)).isoformat()
    answer = requests.post(
        f"{system.url}/api/leads/assessments/{lead_id}/consultation",
        timeout=10,
        json={"windows": [{"date": day, "period": "afternoon"}]},
    )
    assert answer.status_code == 201
    email = payload["contact"]["email"]
    (message,) = wait_until(
        lambda: system.mail(to=email) and [m for m in system.mail(to=email) if "consultation" in m["subject"]],
        timeout=30,
    )
    (attachment,) = message["attachments"]
    assert attachment["type"] == "text/calendar" and attachment["filename"].endswith(".ics")
