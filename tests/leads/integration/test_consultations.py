"""Consultation requests: preferred windows, the confirmation email and its calendar file."""

from __future__ import annotations

from datetime import timedelta

from services.kit.db_types import utcnow
from services.kit.email_jobs import SendEmailJob
from services.leads.consultations.confirmation import LeadEmailJob
from services.leads.tables import consultations, leads
from tests.leads import payloads
from tests.leads.integration.db_rows import outbox_jobs, rows
from tests.leads.integration.fakes import RecordingSender


def _windows(*offsets: int, period: str = "morning") -> dict:
    today = utcnow().date()
    return {"windows": [{"date": (today + timedelta(days=n)).isoformat(), "period": period} for n in offsets]}


def test_request_is_stored_and_confirmed_by_email_with_an_ics(client, submit, parts):
    """201 with the windows; the worker's email has no health data and a text/calendar attachment."""
    payload = payloads.likely_eligible()
    lead_id = submit(payload).get_json()["id"]
    answer = client.post(f"/api/leads/assessments/{lead_id}/consultation", json=_windows(2, 3, period="evening"))
    assert answer.status_code == 201 and answer.get_json()["status"] == "requested"
    assert rows(parts, leads)[0].consultation_requested_at is not None
    (job,) = outbox_jobs(parts, "leads.lead_email")
    assert payload["contact"]["email"] not in str(job["payload"])
    sender = RecordingSender()
    LeadEmailJob(parts, SendEmailJob(sender))(job["payload"])
    (message,) = sender.sent
    assert message.recipients[0].email == payload["contact"]["email"]
    (ics,) = message.attachments
    body = ics.content.decode()
    assert ics.mime_type == "text/calendar" and body.startswith("BEGIN:VCALENDAR\r\n")
    assert "BEGIN:VEVENT" in body and "DTSTART:" in body and "STATUS:TENTATIVE" in body
    start = (utcnow().date() + timedelta(days=2)).strftime("%Y%m%d")
    assert f"DTSTART:{start}T2" in body  # 5pm Eastern is 21:00 or 22:00 UTC
    text = (message.text or "") + (message.html or "")
    for word in ("PHQ", "score", "depress", "sertraline"):
        assert word not in text


def test_bad_windows_and_unknown_leads_are_refused(client, submit, parts):
    """Past days, too many windows and bad periods are 422; an unknown lead is 404; out of area is 409."""
    lead_id = submit(payloads.likely_eligible()).get_json()["id"]
    url = f"/api/leads/assessments/{lead_id}/consultation"
    assert client.post(url, json=_windows(0)).status_code == 422
    assert client.post(url, json=_windows(1, 2, 3, 4)).status_code == 422
    assert client.post(url, json=_windows(1, period="midnight")).status_code == 422
    assert client.post(url, json={"windows": [{"date": "soon", "period": "morning"}]}).status_code == 422
    assert client.post("/api/leads/assessments/nope/consultation", json=_windows(1)).status_code == 404
    away = submit(payloads.likely_eligible(location={"state": "NY", "zip": "10001"})).get_json()["id"]
    assert client.post(f"/api/leads/assessments/{away}/consultation", json=_windows(1)).status_code == 409
    assert rows(parts, consultations) == []
