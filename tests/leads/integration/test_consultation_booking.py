"""The short consultation path end to end: request, staff booking, invitation, reminder, cancellation."""

from __future__ import annotations

import re
import time as clock
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from services.kit.db_types import utcnow
from services.kit.email_jobs import SendEmailJob
from services.kit.staff_auth import COOKIE
from services.leads.consultations.email_job import ConsultationEmailJob
from services.leads.consultations.manage_links import SALT
from services.leads.consultations.reminders import queue_due_reminders
from services.leads.tables import consents, consultations, infra, lead_history, leads
from tests.leads.ics_reading import read_ics
from tests.leads.integration.db_rows import outbox_jobs, rows
from tests.leads.integration.fakes import RecordingSender

EASTERN = ZoneInfo("America/New_York")
HEALTH_WORDS = ("depress", "ketamine", "PHQ", "EPDS", "anxiety", "suicid", "mental", "postpartum", "therapy")


def _next(weekday: int, weeks: int = 1) -> date:
    """A day of the given weekday (0 Monday) at least a week ahead, so it is always bookable."""
    day = utcnow().astimezone(EASTERN).date() + timedelta(days=7 * weeks)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _form(**changes: str) -> dict[str, str]:
    """A complete short-path form with unique contact details."""
    form = {
        "first_name": "Maya",
        "last_name": "Lopez",
        "email": f"maya-{uuid.uuid4().hex[:8]}@example.com",
        "phone": "(305) 555-0147",
        "state": "FL",
        "window_1_day": _next(1).isoformat(),  # a Tuesday
        "window_1_period": "morning",
        "window_2_day": _next(3).isoformat(),  # a Thursday
        "window_2_period": "late_afternoon",
        "consent": "yes",
    }
    form.update(changes)
    return form


def _sign_in(client, staff_token, *roles: str) -> None:
    client.set_cookie(COOKIE, staff_token(*roles, subject="dr-kim", csrf="csrf-123"))


def _send(parts, now: datetime | None = None) -> list:
    """Run every pending consultation email job through the worker's handler; return the messages."""
    sender = RecordingSender()
    handler = ConsultationEmailJob(parts, SendEmailJob(sender), clock=lambda: now or utcnow())
    for job in outbox_jobs(parts, "leads.consultation_email"):
        handler(job["payload"])
    with parts.container.db.transaction() as session:
        session.execute(infra.outbox.delete().where(infra.outbox.c.kind == "leads.consultation_email"))
    return sender.sent


def _us(day: date) -> str:
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def test_request_booking_invite_reminder_and_cancellation_work_end_to_end(client, parts, staff_token):
    """Short path → staff confirm → .ics REQUEST in New York time → reminder a day ahead → cancel → staff see it."""
    form = _form()
    done = client.post("/consultation", data=form)
    page = done.get_data(as_text=True)
    assert done.status_code == 201 and done.headers["Cache-Control"] == "no-store"
    assert "What happens next" in page and _us(_next(1)) in page and "tel:988" in page
    (lead,) = rows(parts, leads)
    assert lead.kind == "consultation" and lead.state == "FL" and form["email"] not in (lead.email_enc or "")
    assert {c.channel for c in rows(parts, consents)} == {"terms", "email", "phone"}
    (consult,) = rows(parts, consultations)
    assert consult.status == "requested"
    assert [j["payload"]["kind"] for j in outbox_jobs(parts, "leads.lead_email")] == ["consultation_confirmation"]

    _sign_in(client, staff_token, "clinician")
    staff_page = client.get(f"/admin/leads/{lead.id}").get_data(as_text=True)
    assert "Consultation booking" in staff_page and "Requested — not booked yet" in staff_page
    assert f"{_us(_next(1))}, in the morning (8 AM–12 PM Eastern)" in staff_page
    url = f"/admin/leads/{lead.id}/consultations/{consult.id}/confirm"
    assert client.post(url, data={"choice": "0", "start_time": "10:00"}).status_code == 403  # no CSRF token
    booked = client.post(url, data={"choice": "0", "start_time": "10:00", "csrf_token": "csrf-123"})
    assert booked.status_code == 303
    (consult,) = rows(parts, consultations)
    start = datetime.combine(_next(1), datetime.min.time().replace(hour=10), EASTERN)
    assert consult.status == "confirmed" and consult.starts_at == start and consult.sequence == 0
    assert "lead.consultation_confirmed" in [a.action for a in rows(parts, infra.audit)]
    assert "consultation_confirmed" in [h.kind for h in rows(parts, lead_history)]
    assert rows(parts, leads)[0].status == "consult_scheduled"  # the pipeline follows the booking

    (invitation,) = _send(parts)
    when = f"{_us(_next(1))} at 10:00 AM Eastern"
    assert invitation.recipients[0].email == form["email"] and when in invitation.subject
    body = invitation.text + invitation.html + invitation.subject
    assert not [w for w in HEALTH_WORDS if w.lower() in body.lower()]
    (attachment,) = invitation.attachments
    assert attachment.mime_type == "text/calendar"
    calendar = read_ics(attachment.content)
    assert calendar.value("METHOD") == "REQUEST" and calendar.child("VTIMEZONE").value("TZID") == "America/New_York"
    event = calendar.child("VEVENT")
    assert event.params("DTSTART") == {"TZID": "America/New_York"}
    assert event.value("DTSTART") == f"{_next(1):%Y%m%d}T100000" and event.value("DTEND") == f"{_next(1):%Y%m%d}T103000"
    assert event.value("SEQUENCE") == "0" and consult.id in event.value("UID")
    assert (
        event.value("ORGANIZER") == "mailto:care@clinic.example"
        and "Harbor Wellness" in event.params("ORGANIZER")["CN"]
    )
    assert not [w for w in HEALTH_WORDS if w.lower() in attachment.content.decode().lower()]

    assert queue_due_reminders(parts, now=start - timedelta(hours=25)) == 0
    assert queue_due_reminders(parts, now=start - timedelta(hours=23)) == 1
    assert queue_due_reminders(parts, now=start - timedelta(hours=22)) == 0  # once only
    (reminder,) = _send(parts, now=start - timedelta(hours=23))
    assert reminder.subject == f"Reminder: your free consultation is tomorrow, {when}"

    link = re.search(r"http://[^/]+(/consultation/manage/[\w.\-]+)", reminder.text).group(1)
    manage = client.get(link)
    assert manage.status_code == 200 and when in manage.get_data(as_text=True)
    assert manage.headers["Cache-Control"] == "no-store"
    assert client.post(link + "/cancel").status_code == 303
    (consult,) = rows(parts, consultations)
    assert consult.status == "cancelled" and consult.sequence == 1
    assert rows(parts, leads)[0].status == "contacted"
    assert "cancelled" in client.get(link).get_data(as_text=True)
    (cancellation,) = _send(parts)
    withdrawn = read_ics(cancellation.attachments[0].content)
    assert withdrawn.value("METHOD") == "CANCEL" and withdrawn.child("VEVENT").value("SEQUENCE") == "1"
    assert queue_due_reminders(parts, now=start - timedelta(hours=2)) == 0
    staff_page = client.get(f"/admin/leads/{lead.id}").get_data(as_text=True)
    assert "Cancelled by the visitor" in staff_page and "Confirm this time" not in staff_page
    assert client.post(link + "/cancel").status_code == 409


def test_weekend_and_out_of_hours_choices_are_refused_with_field_errors(client, parts):
    """A Saturday or an evening is a 422 with the reason next to that choice; nothing is stored."""
    saturday = client.post("/consultation", data=_form(window_2_day=_next(5).isoformat()))
    html = saturday.get_data(as_text=True)
    assert saturday.status_code == 422 and 'id="window_2-error"' in html
    assert f"{_us(_next(5))} is outside our hours: the care team takes calls Monday to Friday, 8 AM–6 PM" in html
    evening = client.post("/consultation", data=_form(window_1_period="evening"))
    assert evening.status_code == 422 and 'id="window_1-error"' in evening.get_data(as_text=True)
    nothing = client.post("/consultation", data=_form(window_1_day="", window_2_day="", consent="", state="NY"))
    text = nothing.get_data(as_text=True)
    assert nothing.status_code == 422 and "Please choose Florida or New Jersey." in text
    assert "Please choose at least one day" in text and "Please accept the Terms of Use" in text
    assert rows(parts, leads) == [] and rows(parts, consultations) == [] and outbox_jobs(parts) == []


def test_staff_cannot_book_outside_the_window_or_the_clinic_hours(client, parts, staff_token):
    """A start time outside the chosen window, or a proposed Sunday, is a 422 page; a marketer gets 403."""
    client.post("/consultation", data=_form())
    (consult,) = rows(parts, consultations)
    base = f"/admin/leads/{consult.lead_id}/consultations/{consult.id}"
    _sign_in(client, staff_token, "marketer")
    assert (
        client.post(
            base + "/confirm", data={"choice": "0", "start_time": "10:00", "csrf_token": "csrf-123"}
        ).status_code
        == 403
    )
    _sign_in(client, staff_token, "clinician")
    late = client.post(
        base + "/confirm",
        data={"choice": "0", "start_time": "11:45", "csrf_token": "csrf-123"},
        headers={"Accept": "text/html"},
    )
    assert late.status_code == 422 and "Please choose a start time within" in late.get_data(as_text=True)
    sunday = client.post(
        base + "/propose",
        data={"day": _next(6).isoformat(), "start_time": "10:00", "csrf_token": "csrf-123"},
        headers={"Accept": "text/html"},
    )
    assert sunday.status_code == 422 and "is outside the clinic" in sunday.get_data(as_text=True)
    proposed = client.post(
        base + "/propose", data={"day": _next(2).isoformat(), "start_time": "15:30", "csrf_token": "csrf-123"}
    )
    assert proposed.status_code == 303
    (consult,) = rows(parts, consultations)
    assert consult.status == "confirmed" and consult.proposed
    assert "(a time we proposed)" in client.get(f"/admin/leads/{consult.lead_id}").get_data(as_text=True)
    (invitation,) = _send(parts)
    assert invitation.text.count("None of the times you chose was free") == 1
    assert f"{_us(_next(2))} at 3:30 PM Eastern" in invitation.subject


def test_visitor_asks_for_another_time_and_staff_see_the_change(client, parts, staff_token):
    """New windows through the link withdraw the booked invite and put the request back to staff."""
    client.post("/consultation", data=_form(phone=""))
    (consult,) = rows(parts, consultations)
    _sign_in(client, staff_token, "admin")
    url = f"/admin/leads/{consult.lead_id}/consultations/{consult.id}/confirm"
    assert client.post(url, data={"choice": "1", "start_time": "16:00", "csrf_token": "csrf-123"}).status_code == 303
    (invitation,) = _send(parts)
    assert "email you shortly before the call" in invitation.text  # no phone given
    link = re.search(r"http://[^/]+(/consultation/manage/[\w.\-]+)", invitation.text).group(1)
    refused = client.post(link + "/change", data={"window_1_day": _next(6).isoformat(), "window_1_period": "morning"})
    assert refused.status_code == 422 and 'id="window_1-error"' in refused.get_data(as_text=True)
    asked = client.post(
        link + "/change", data={"window_1_day": _next(4, 2).isoformat(), "window_1_period": "afternoon"}
    )
    assert asked.status_code == 303
    (consult,) = rows(parts, consultations)
    assert consult.status == "change_requested" and consult.sequence == 1
    (ack,) = _send(parts)
    assert f"{_us(_next(4, 2))}, in the afternoon (12 PM–4 PM Eastern)" in ack.text
    assert read_ics(ack.attachments[0].content).value("METHOD") == "CANCEL"
    staff_page = client.get(f"/admin/leads/{consult.lead_id}").get_data(as_text=True)
    assert "Change asked — the visitor wants another time" in staff_page and "Confirm this time" in staff_page
    rebooked = client.post(url, data={"choice": "0", "start_time": "13:00", "csrf_token": "csrf-123"})
    assert rebooked.status_code == 303
    (invitation,) = _send(parts)
    assert read_ics(invitation.attachments[0].content).child("VEVENT").value("SEQUENCE") == "2"


def test_tampered_and_expired_links_get_a_kind_page(client, parts):
    """An altered link is a 404 and an old one a 410, each a page that explains what to do; nothing changes."""
    client.post("/consultation", data=_form())
    (consult,) = rows(parts, consultations)

    class SignedLongAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(clock.time()) - 200 * 86400

    old = URLSafeTimedSerializer(parts.settings.link_signing_key, salt=SALT, signer=SignedLongAgo).dumps(
        {"c": consult.id}
    )
    good = URLSafeTimedSerializer(parts.settings.link_signing_key, salt=SALT).dumps({"c": consult.id})
    tampered = good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB")
    for token, status in ((tampered, 404), (old, 410), ("not-a-token", 404)):
        page = client.get(f"/consultation/manage/{token}")
        html = page.get_data(as_text=True)
        assert page.status_code == status and "This link no longer works" in html and "/contact" in html
        assert client.post(f"/consultation/manage/{token}/cancel").status_code == status
    assert rows(parts, consultations)[0].status == "requested"


def test_a_filled_honeypot_is_kept_as_spam_and_sends_no_email(client, parts):
    """A bot's submission is stored and marked, but no email goes to the address it typed."""
    assert client.post("/consultation", data=_form(website="http://spam.example")).status_code == 201
    (lead,) = rows(parts, leads)
    assert lead.spam_suspected and lead.spam_reasons == "honeypot"
    assert outbox_jobs(parts, "leads.lead_email") == []


def test_the_json_api_books_the_same_way_and_refuses_with_field_errors(client, parts):
    """POST /api/leads/consultations → 201; a Saturday → 409, no terms or an unknown field → 422; nothing stored."""
    body = {
        "contact": {"first_name": "Ana", "last_name": "Diaz", "email": "ana-api@example.com", "phone": None},
        "state": "NJ",
        "consent": {"terms": True},
        "windows": [{"date": _next(2).isoformat(), "period": "afternoon"}],
    }
    saturday = client.post(
        "/api/leads/consultations", json={**body, "windows": [{"date": _next(5).isoformat(), "period": "morning"}]}
    )
    assert saturday.status_code == 409
    assert "outside our hours" in saturday.get_json()["errors"]["json"]["windows"]["0"][0]
    assert client.post("/api/leads/consultations", json={**body, "consent": {"terms": False}}).status_code == 422
    assert client.post("/api/leads/consultations", json={**body, "answers": {}}).status_code == 422
    assert client.post("/api/leads/consultations", json={**body, "state": "NY"}).status_code == 422
    assert rows(parts, leads) == []
    answer = client.post("/api/leads/consultations", json=body)
    assert answer.status_code == 201 and answer.get_json()["status"] == "requested"
    (lead,) = rows(parts, leads)
    assert lead.kind == "consultation" and lead.state == "NJ" and lead.id == answer.get_json()["lead_id"]
    assert "/api/leads/consultations" in client.get("/api/leads/openapi.json").get_json()["paths"]
