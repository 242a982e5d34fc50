"""Consultation requests: preferred windows, the confirmation email and its calendar file."""

from __future__ import annotations

from datetime import date, timedelta

from services.kit.db_types import utcnow
from services.kit.email_jobs import SendEmailJob
from services.leads.consultations.confirmation import LeadEmailJob
from services.leads.tables import consultations, leads
from tests.leads import payloads
from tests.leads.integration.db_rows import outbox_jobs, rows
from tests.leads.integration.fakes import RecordingSender


def _weekday(offset: int) -> date:
    """The `offset`-th weekday after today (clinic days are Monday to Friday by default)."""
    day = utcnow().date() + timedelta(days=2)  # two days on, whatever the hour in Eastern time
    while offset or day.weekday() >= 5:
        if day.weekday() < 5:
            offset -= 1
        day += timedelta(days=1)
    return day


def _windows(*offsets: int, period: str = "morning") -> dict:
    return {"windows": [{"date": _weekday(n).isoformat(), "period": period} for n in offsets]}


def test_request_is_stored_and_acknowledged_with_the_times_in_us_words(client, submit, parts):
    """201 with the windows; the worker's email lists the times the US way and carries no health data."""
    payload = payloads.likely_eligible()
    lead_id = submit(payload).get_json()["id"]
    answer = client.post(f"/api/leads/assessments/{lead_id}/consultation", json=_windows(0, 1, period="late_afternoon"))
    assert answer.status_code == 201 and answer.get_json()["status"] == "requested"
    assert rows(parts, leads)[0].consultation_requested_at is not None
    (job,) = outbox_jobs(parts, "leads.lead_email")
    assert payload["contact"]["email"] not in str(job["payload"])
    sender = RecordingSender()
    LeadEmailJob(parts, SendEmailJob(sender))(job["payload"])
    (message,) = sender.sent
    assert message.recipients[0].email == payload["contact"]["email"]
    first = _weekday(0)
    assert (
        f"{first:%A}, {first:%B} {first.day}, {first.year}, in the late afternoon (4 PM–6 PM Eastern)" in message.text
    )
    text = (message.text or "") + (message.html or "")
    for word in ("PHQ", "score", "depress", "sertraline"):
        assert word not in text


def test_bad_windows_and_unknown_leads_are_refused(client, submit, parts):
    """Too many windows and out-of-hours periods are 422; today or 61 days ahead 409 with an error per window; an
    unknown lead 404; out of area 409."""
    lead_id = submit(payloads.likely_eligible()).get_json()["id"]
    url = f"/api/leads/assessments/{lead_id}/consultation"
    today = {"windows": [{"date": utcnow().date().isoformat(), "period": "morning"}]}
    answer = client.post(url, json=today)
    assert answer.status_code == 409 and list(answer.get_json()["errors"]["json"]["windows"]) == ["0"]
    far = {"windows": [{"date": (utcnow().date() + timedelta(days=75)).isoformat(), "period": "morning"}]}
    assert client.post(url, json=far).status_code == 409
    twice = {"windows": _windows(1)["windows"] * 2}
    assert client.post(url, json=twice).status_code == 422  # the document says the windows differ
    assert client.post(url, json=_windows(1, 2, 3, 4)).status_code == 422
    assert client.post(url, json=_windows(1, period="midnight")).status_code == 422
    assert client.post(url, json=_windows(1, period="evening")).status_code == 422  # after the clinic closes
    assert client.post(url, json={"windows": [{"date": "soon", "period": "morning"}]}).status_code == 422
    assert client.post("/api/leads/assessments/nope/consultation", json=_windows(1)).status_code == 404
    away = submit(payloads.likely_eligible(location={"state": "NY", "zip": "10001"})).get_json()["id"]
    assert client.post(f"/api/leads/assessments/{away}/consultation", json=_windows(1)).status_code == 409
    assert rows(parts, consultations) == []
