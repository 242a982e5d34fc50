"""The staff queue and lead page read like a clinical record: words, Eastern times, named staff, safe erasure."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, update

from services.kit.db_types import utcnow
from services.kit.staff_auth import COOKIE
from services.leads.tables import lead_history, leads, safety_alerts, submissions
from tests.leads import payloads
from tests.leads.integration.db_rows import outbox_jobs, rows
from tests.leads.integration.visible_text import visible_text

EASTERN = ZoneInfo("America/New_York")
LOCAL_TIME = re.compile(r"[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M E[SD]T")
SLUGS = ("likely_eligible", "needs_review", "not_eligible", "out_of_area", "staff:", "phq9_item9", "_")


def _sign_in(client, staff_token, subject: str = "staff:7", email: str | None = "dr.kim@clinic.example") -> None:
    client.set_cookie(COOKIE, staff_token("clinician", subject=subject, csrf="csrf-9", email=email))


def _page(client, url: str) -> str:
    answer = client.get(url)
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    return visible_text(answer.get_data(as_text=True))


def _no_slugs(text: str) -> None:
    found = [slug for slug in SLUGS if slug in text]
    # Python's None, not the English word ("None of their times works?").
    found += re.findall(r"\bNone\b(?! of )", text)
    assert found == [], found


def _eastern(moment) -> str:
    here = moment.astimezone(EASTERN)
    return f"{here:%b} {here.day}, {here.year}, {here.hour % 12 or 12}:{here:%M} {here:%p} {here.tzname()}"


def test_an_assessment_shows_each_answer_with_its_question_and_scores_with_bands(client, submit, staff_token):
    """The lead page words every answer and band, in Eastern time, with no slug and no None."""
    lead_id = submit(payloads.body()).get_json()["id"]  # breastfeeding, postpartum: needs a clinician's review
    day = date.today() + timedelta(days=3)
    while day.weekday() >= 5:  # the clinic's hours are weekdays
        day += timedelta(days=1)
    asked = client.post(
        f"/api/leads/assessments/{lead_id}/consultation",
        json={"windows": [{"date": day.isoformat(), "period": "morning"}]},
    )
    assert asked.status_code in (200, 201, 202)
    _sign_in(client, staff_token)
    text = _page(client, f"/admin/leads/{lead_id}")
    assert "Little interest or pleasure in doing things More than half the days 2" in text
    assert "The thought of harming myself has occurred to me Never 0" in text
    assert "PHQ-9: 10 of 27, moderate (10–14)" in text and "(EPDS): 14 of 30, probable depression (13 or more)" in text
    assert "GAD-7: 4 of 21, minimal (0–4)" in text and "Anxiety items 3–5: 6 of 9." in text
    assert "I am breastfeeding or pumping breast milk Yes" in text and "Breastfeeding or pumping; Gave birth" in text
    assert "Needs a clinician's review" in text and "Florida" in text and "Newsletter" in text
    assert "Mar 2, 1994" in text and LOCAL_TIME.search(text)
    assert f"{day:%b} {day.day}, {day.year}, morning" in text and "Consultation requested" in text
    _no_slugs(text)
    queue = _page(client, "/admin/leads")
    assert "Assessment" in queue and "Needs a clinician's review" in queue and LOCAL_TIME.search(queue)
    _no_slugs(queue)


def test_a_flagged_assessment_shows_its_alert_deadline_then_overdue_then_who_acknowledged(
    client, submit, parts, staff_token
):
    """Banner and queue give the deadline in Eastern time, say when it has passed, then name who acknowledged."""
    lead_id = submit(payloads.flagged(item9=2)).get_json()["id"]
    (alert,) = rows(parts, safety_alerts)
    _sign_in(client, staff_token)
    page = _page(client, f"/admin/leads/{lead_id}")
    assert "Safety flag: High urgency" in page and f"Respond by {_eastern(alert.due_at)}." in page
    assert "PHQ-9 item 9, thoughts of being better off dead or of self-harm (item score 2)" in page
    assert f"Due {_eastern(alert.due_at)}" in _page(client, "/admin/leads")

    past = utcnow() - timedelta(minutes=45)
    with parts.container.db.transaction() as session:
        session.execute(update(safety_alerts).where(safety_alerts.c.id == alert.id).values(due_at=past))
    page = _page(client, f"/admin/leads/{lead_id}")
    assert f"Overdue: the response was due {_eastern(past)}, 45 minutes ago." in page
    assert f"Overdue since {_eastern(past)}" in _page(client, "/admin/leads")

    done = client.post(f"/admin/leads/{lead_id}/safety/acknowledge", data={"csrf_token": "csrf-9"})
    assert done.status_code == 303 and done.headers["Cache-Control"] == "no-store"
    page = _page(client, f"/admin/leads/{lead_id}?done=acknowledge")
    assert "Acknowledged by dr.kim@clinic.example," in page and "Overdue" not in page
    assert "Acknowledge alert" not in page  # the button goes once nothing is left to acknowledge
    assert re.search(r"dr\.kim@clinic\.example Safety alert acknowledged", page)
    queue = _page(client, "/admin/leads")
    assert "Acknowledged by dr.kim@clinic.example" in queue
    _no_slugs(page)
    _no_slugs(queue)

    cleared = client.post(f"/admin/leads/{lead_id}/safety/clear", data={"csrf_token": "csrf-9", "note": "Called her"})
    assert cleared.status_code == 303
    page = _page(client, f"/admin/leads/{lead_id}")
    assert "Safety flag cleared by dr.kim@clinic.example," in page and "Safety flag: High urgency" not in page
    assert "dr.kim@clinic.example Safety flag cleared Called her" in page
    _no_slugs(page)


def test_staff_who_acted_before_emails_were_recorded_read_as_staff_members_not_ids(client, submit, parts, staff_token):
    """An old "staff:2" actor reads "Staff member #2"; a status move reads in words."""
    lead_id = submit(payloads.likely_eligible()).get_json()["id"]
    with parts.container.db.transaction() as session:
        session.execute(
            insert(lead_history).values(
                lead_id=lead_id,
                at=utcnow(),
                actor="staff:2",
                kind="status_changed",
                from_status="new",
                to_status="consult_scheduled",
            )
        )
    _sign_in(client, staff_token, subject="staff:9", email=None)
    text = _page(client, f"/admin/leads/{lead_id}")
    assert "Staff member #2 Status changed: New → Consultation scheduled" in text
    _no_slugs(text)


def test_an_inquiry_shows_its_message_who_it_is_about_and_how_to_reply(client, parts, staff_token):
    """A husband's message is shown escaped, with the relationship in words and mailto/tel links to reply."""
    sent = client.post(
        "/contact",
        data={
            "name": "Luis Ortega",
            "email": "luis@example.com",
            "phone": "(305) 555-0188",
            "relationship": "partner",
            "message": "My wife has not slept in days. <b>Please</b> call me.",
            "consent": "yes",
        },
    )
    assert sent.status_code == 201
    (lead,) = rows(parts, leads)
    _sign_in(client, staff_token)
    html = client.get(f"/admin/leads/{lead.id}").get_data(as_text=True)
    assert "&lt;b&gt;Please&lt;/b&gt;" in html and "<b>Please</b>" not in html
    assert 'href="mailto:luis@example.com"' in html and 'href="tel:+13055550188"' in html
    text = visible_text(html)
    assert "Who it is about: The sender's partner or spouse" in text
    assert "My wife has not slept in days." in text and "(305) 555-0188" in text
    assert "Agreed to be contacted by Email" in text
    _no_slugs(text)
    queue = _page(client, "/admin/leads")
    assert "Luis Ortega Inquiry" in queue
    _no_slugs(queue)


def test_a_flagged_inquiry_is_never_last_but_sorts_with_flagged_assessments(client, submit, parts, staff_token):
    """An inquiry in the safety lane comes before every unflagged assessment, however severe."""
    for _ in range(2):
        submit(payloads.likely_eligible(instruments={"phq9": [3, 3, 3, 3, 3, 3, 3, 3, 0]}))
    flagged_id = submit(payloads.flagged()).get_json()["id"]
    client.post(
        "/contact",
        data={
            "name": "Rosa Diaz",
            "email": "rosa@example.com",
            "relationship": "family",
            "message": "My sister said she wants to end it all",
            "consent": "yes",
        },
    )
    (inquiry,) = rows(parts, leads, leads.c.kind == "inquiry")
    with parts.container.db.transaction() as session:  # as free-text screening marks it: a flag and a tier
        session.execute(
            update(leads).where(leads.c.id == inquiry.id).values(safety_status="flagged", safety_tier="high")
        )
    _sign_in(client, staff_token)
    order = [e["id"] for e in client.get("/api/leads/staff/queue").get_json()["leads"]]
    assert order.index(inquiry.id) < order.index(flagged_id) < 2 and len(order) == 4
    queue = _page(client, "/admin/leads")
    assert queue.index("Rosa Diaz") < queue.index("Ana Diaz")


def test_erase_asks_for_confirmation_and_one_post_without_it_erases_nothing(client, submit, parts, staff_token):
    """The lead page links to a confirmation page; erasing needs a reason and the typed word."""
    lead_id = submit(payloads.likely_eligible()).get_json()["id"]
    _sign_in(client, staff_token)
    assert f'href="/admin/leads/{lead_id}/erase"' in client.get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    confirm = _page(client, f"/admin/leads/{lead_id}/erase")
    assert (
        "Erase this person's details?" in confirm
        and "Ana Diaz" in confirm
        and "every assessment answer and score" in confirm
    )
    assert "1 assessment, 0 messages and 0 notes" in confirm
    url = f"/admin/leads/{lead_id}/erase"
    one_click = client.post(url, data={"csrf_token": "csrf-9", "reason": "asked by email"})
    assert one_click.status_code == 422 and "Nothing was erased." in visible_text(one_click.get_data(as_text=True))
    wrong = client.post(url, data={"csrf_token": "csrf-9", "reason": "asked by email", "confirm": "erase"})
    assert wrong.status_code == 422 and "Type ERASE in capitals to confirm." in wrong.get_data(as_text=True)
    no_reason = client.post(url, data={"csrf_token": "csrf-9", "confirm": "ERASE"})
    assert no_reason.status_code == 422 and "Give the reason for erasing." in no_reason.get_data(as_text=True)
    (lead,) = rows(parts, leads)
    assert lead.erased_at is None and lead.name_enc and rows(parts, submissions)[0].answers_enc
    done = client.post(url, data={"csrf_token": "csrf-9", "reason": "asked by email", "confirm": "ERASE"})
    assert done.status_code == 303
    (lead,) = rows(parts, leads)
    assert lead.erased_at is not None and lead.name_enc is None
    erased = _page(client, f"/admin/leads/{lead_id}?done=erase")
    assert "This person's details were erased." in erased and "Details erased on request" in erased
    _no_slugs(erased)


def test_every_staff_page_and_answer_with_personal_data_says_no_store(client, submit, staff_token):
    """Queue, lead page, erase page, refusals, reports and the staff JSON API are never cached."""
    lead_id = submit(payloads.likely_eligible()).get_json()["id"]
    _sign_in(client, staff_token)
    for url in (
        "/admin/leads",
        f"/admin/leads/{lead_id}",
        f"/admin/leads/{lead_id}/erase",
        "/admin/leads/funnel",
        "/admin/leads/waitlist",
        "/admin/leads/export.csv",
        "/api/leads/staff/queue",
        f"/api/leads/staff/leads/{lead_id}",
        "/admin/leads/00000000-0000-4000-8000-000000000000",
    ):
        assert client.get(url).headers.get("Cache-Control") == "no-store", url
    refused = client.post(
        f"/admin/leads/{lead_id}/status",
        data={"csrf_token": "csrf-9", "status": "converted"},
        headers={"Accept": "text/html"},
    )
    assert refused.status_code == 409 and refused.headers["Cache-Control"] == "no-store"
    refusal = visible_text(refused.get_data(as_text=True))
    assert "cannot move from “New” to “Member”" in refusal
    _no_slugs(refusal)


def test_the_clinician_alert_email_gives_its_deadline_in_eastern_time(submit, parts):
    """The on-call clinician reads the deadline as New York time with its zone, never as UTC alone."""
    submit(payloads.flagged())
    (alert,) = rows(parts, safety_alerts)
    (email,) = [j["payload"] for j in outbox_jobs(parts, "email.send") if "staff-alert" in j["payload"]["categories"]]
    assert f"Please acknowledge by {_eastern(alert.due_at)};" in email["text"] and "UTC" not in email["text"]


def test_report_pages_count_days_on_the_clinic_calendar_and_name_weeks_and_states(client, submit, parts, staff_token):
    """Sunday 10pm in New York is still that Sunday's week; weeks and states read in words."""
    lead_id = submit(payloads.likely_eligible()).get_json()["id"]
    sunday_night = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)  # Sun Nov 29, 10pm EST; Monday already in UTC
    with parts.container.db.transaction() as session:
        session.execute(update(leads).where(leads.c.id == lead_id).values(created_at=sunday_night))
    assert client.post("/api/leads/waitlist", json={"email": "g@example.com", "state": "GA"}).status_code == 202
    _sign_in(client, staff_token)
    (row,) = client.get("/api/leads/staff/funnel").get_json()["rows"]
    assert row["week"] == "2026-W48"
    funnel = _page(client, "/admin/leads/funnel")
    assert "Week of Nov 23, 2026" in funnel and "2026-W48" not in funnel
    assert "Georgia (GA)" in _page(client, "/admin/leads/waitlist")
    queue = client.get("/api/leads/staff/queue?created_from=2026-11-29&created_to=2026-11-29").get_json()["leads"]
    assert [e["id"] for e in queue] == [lead_id]
