"""Through the gateway with real workers: the API, the clinician alert email and the consultation email."""

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


def test_consultation_request_is_acknowledged_by_email_with_the_times_in_us_words(system):
    """The visitor's request is acknowledged with the chosen time; the calendar invite waits for the booking."""
    payload = payloads.likely_eligible()
    lead_id = requests.post(system.url + "/api/leads/assessments", json=payload, timeout=10).json()["id"]
    day = date.today() + timedelta(days=3)
    day += timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)  # the clinic's days are weekdays
    answer = requests.post(
        f"{system.url}/api/leads/assessments/{lead_id}/consultation",
        timeout=10,
        json={"windows": [{"date": day.isoformat(), "period": "afternoon"}]},
    )
    assert answer.status_code == 201
    email = payload["contact"]["email"]
    (message,) = wait_until(
        lambda: system.mail(to=email) and [m for m in system.mail(to=email) if "consultation" in m["subject"]],
        timeout=30,
    )
    assert f"{day:%A}, {day:%B} {day.day}, {day.year}, in the afternoon (12 PM–4 PM Eastern)" in message["text"]
    assert not message.get("attachments")
