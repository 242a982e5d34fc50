"""Crisis language in a visitor's free text: the safety lane, the crisis lines first, and emails that reveal nothing."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, timedelta

from services.kit.email_jobs import SendEmailJob, message_from_payload
from services.leads.contact.acknowledgement import ACK_JOB, InquiryAckJob
from services.leads.safety.alerts import ESCALATION_JOB, EscalationJob
from services.leads.tables import inquiries, lead_history, leads, safety_alerts, submissions
from tests.leads import payloads, wizard
from tests.leads.integration.db_rows import events_of, outbox_jobs, rows
from tests.leads.integration.fakes import RecordingSender

HUSBAND = "My wife said we would be better off without her. I don't know what to do."
HARMLESS = "Do you take Florida Blue insurance? I'd kill for a nap, haha."
# Words that would tell a reader of the email what the message or the record is about (checked as whole words).
HEALTH_WORDS = re.compile(
    r"\b(suicid\w*|self[- ]?harm|harm\w*|hurt\w*|kill\w*|die|dead|death|depress\w*|anxi\w*|ketamine|"
    r"crisis|mental|therapy|psych\w*|diagnos\w*|pregnan\w*|postpartum|perinatal|baby|breastfeed\w*|"
    r"medication\w*|medicine\w*|phq\w*|epds|gad|score\w*|answer\w*|wife|husband|partner|spouse|sister|family|"
    r"better off|urgent|flagged)\b",  # the last two: the intake notice and the acknowledgement hide the flag too
    re.IGNORECASE,
)


def _form(message: str, **changes: str) -> dict[str, str]:
    form = {
        "name": "Luis Ortega",
        "email": f"luis-{uuid.uuid4().hex[:10]}@example.com",
        "phone": "",
        "relationship": "partner",
        "message": message,
        "consent": "yes",
    }
    form.update(changes)
    return form


def _emails(parts) -> list[dict]:
    return [j["payload"] for j in outbox_jobs(parts, "email.send")]


def _to(parts, address: str) -> list[dict]:
    return [e for e in _emails(parts) if e["recipients"][0]["email"] == address]


def _visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _acknowledgement(parts):
    (job,) = outbox_jobs(parts, ACK_JOB)
    sender = RecordingSender()
    InquiryAckJob(parts, SendEmailJob(sender))(job["payload"])
    (message,) = sender.sent
    return message


def test_husbands_sentence_flags_the_inquiry_high_with_an_alert_deadline_and_escalation(client, parts):
    """'better off without her' on /contact: flagged high, first in the queue, alert with deadline, escalation."""
    answer = client.post("/contact", data=_form(HUSBAND))
    assert answer.status_code == 201
    (lead,) = rows(parts, leads)
    assert (lead.kind, lead.safety_status, lead.safety_tier, lead.queue_rank) == ("inquiry", "flagged", "high", 0)
    assert lead.marketing_hold is True and lead.safety_flagged_at is not None
    assert rows(parts, inquiries)[0].safety_tier == "high"
    (alert_row,) = rows(parts, safety_alerts)
    assert alert_row.tier == "high"
    assert (alert_row.due_at - alert_row.created_at).total_seconds() == parts.settings.safety_ack_minutes * 60
    (alert,) = _to(parts, parts.settings.safety_alert_to)
    assert alert["subject"].startswith("High urgency: an inquiry needs a clinician within 30 minutes")
    assert re.search(r"Please acknowledge by \w{3} \d+, \d{4}, \d+:\d\d [AP]M E[SD]T", alert["text"])
    assert f"/admin/leads/{lead.id}" in alert["text"] and "UTC" not in alert["text"]
    (escalation,) = outbox_jobs(parts, ESCALATION_JOB)
    assert escalation["payload"] == {"alert_id": alert_row.id} and escalation["available_at"] >= alert_row.due_at
    assert [h["extra"]["held"] for h in events_of(parts, "contact.marketing_hold")] == [True]
    (history,) = rows(parts, lead_history, lead_history.c.lead_id == lead.id)
    assert history.kind == "safety_flagged" and "better_off" not in (history.note_enc or "")
    assert "better_off" in parts.cipher.decrypt(history.note_enc, "lead_history.note")


def test_no_email_or_outbox_row_carries_the_message_or_the_name(client, parts):
    """Every queued job (alert, intake notice, acknowledgement, holds) is free of the message and the sender."""
    form = _form(HUSBAND)
    client.post("/contact", data=form)
    everything = json.dumps([j["payload"] for j in outbox_jobs(parts)]).lower()
    for secret in ("better off", "without her", "wife", "ortega", "luis", form["email"]):
        assert secret not in everything


def test_escalation_of_an_unacknowledged_inquiry_alert_reaches_the_escalation_address(client, parts):
    """The inquiry's alert escalates like an assessment's when nobody acknowledges it in time."""
    client.post("/contact", data=_form("she keeps saying she wants to end it all"))
    (job,) = outbox_jobs(parts, ESCALATION_JOB)
    EscalationJob(parts.container.db, parts.settings)(job["payload"])
    (escalated,) = _to(parts, parts.settings.safety_escalate_to)
    whole = escalated["subject"] + escalated["text"]
    assert "not acknowledged" in whole and "end it all" not in whole and "inquiry" not in escalated["subject"]


def test_flagged_confirmation_page_leads_with_the_crisis_lines_and_a_clinician(client):
    """The page opens with 911 and 988 before anything else and promises a clinician, not a one-day reply."""
    answer = client.post("/contact", data=_form(HUSBAND))
    html = answer.get_data(as_text=True)
    main = html[html.index('<main id="main"') :]
    text = _visible(main)
    assert text.index("911") < text.index("988") < text.index("clinician")
    assert main.index('href="tel:911"') < main.index('href="tel:988"') < main.index('href="sms:988"')
    assert "1-833-852-6262" in text and "1-800-944-4773" in text
    assert "one business day" not in text and "a clinician from our care team will reach out" in text
    assert HUSBAND not in html and answer.headers["Cache-Control"] == "no-store"
    assert 'href="/membership"' not in html


def test_flagged_acknowledgement_opens_with_911_and_988_without_echo_or_health_words(client, parts):
    """The inquirer's email starts with 911 and 988, never repeats the message, names no condition."""
    form = _form(HUSBAND)
    client.post("/contact", data=form)
    message = _acknowledgement(parts)
    assert message.recipients[0].email == form["email"]
    first_line = message.text.split("\n\n")[0]
    assert "911" in first_line and "988" in message.text.split("\n\n")[1]
    whole = f"{message.subject}\n{message.text}\n{message.html}"
    assert "one business day" not in whole and "tel:988" in message.html
    assert HUSBAND[:20] not in whole and not HEALTH_WORDS.search(_visible(whole)), HEALTH_WORDS.findall(whole)


def test_intake_notice_is_a_link_only_with_no_health_or_relationship_words(client, parts):
    """The intake address hears of the inquiry with a link to the staff page and nothing else."""
    client.post("/contact", data=_form(HUSBAND))
    (lead,) = rows(parts, leads)
    (notice,) = _to(parts, parts.settings.intake_notify_to)
    whole = f"{notice['subject']}\n{notice['text']}\n{notice['html']}"
    assert f"/admin/leads/{lead.id}" in whole and "Message" in notice["subject"]
    assert not HEALTH_WORDS.search(_visible(whole)) and "luis" not in whole.lower()
    assert re.search(r"E[SD]T", notice["text"]) and "UTC" not in whole


def test_ordinary_inquiry_gets_the_normal_thanks_no_alert_and_a_plain_acknowledgement(client, parts):
    """'I'd kill for a nap' is not crisis language: one-business-day thanks, no flag, no alert, no escalation."""
    answer = client.post("/contact", data=_form(HARMLESS))
    text = _visible(answer.get_data(as_text=True))
    assert answer.status_code == 201 and "reply within one business day" in text
    (lead,) = rows(parts, leads)
    assert (lead.safety_status, lead.queue_rank, lead.marketing_hold) == ("none", 2, False)
    assert rows(parts, safety_alerts) == [] and outbox_jobs(parts, ESCALATION_JOB) == []
    assert _to(parts, parts.settings.safety_alert_to) == []
    assert len(_to(parts, parts.settings.intake_notify_to)) == 1
    message = _acknowledgement(parts)
    assert "one business day" in message.text and "Florida Blue" not in message.text
    assert not HEALTH_WORDS.search(_visible(message.html))


def test_honeypot_inquiry_still_alerts_but_sends_no_acknowledgement_or_intake_notice(client, parts):
    """A bot-looking inquiry with crisis language still reaches the clinician; nothing is mailed to the sender."""
    client.post("/contact", data=_form("I want to kill myself", website="http://spam.example"))
    assert rows(parts, leads)[0].spam_suspected is True
    assert len(_to(parts, parts.settings.safety_alert_to)) == 1
    assert outbox_jobs(parts, ACK_JOB) == [] and _to(parts, parts.settings.intake_notify_to) == []


def test_bad_contact_input_is_a_422_page_that_stores_nothing(client, parts):
    """A NUL in the message or a missing consent is a field error on the page, never a 500; nothing stored."""
    nul = client.post("/contact", data=_form("hello\x00there"))
    assert nul.status_code == 422 and "Please remove control characters." in nul.get_data(as_text=True)
    assert nul.headers["Cache-Control"] == "no-store"
    unconsented = client.post("/contact", data=_form(HUSBAND, consent=""))
    assert unconsented.status_code == 422
    assert rows(parts, leads) == [] and outbox_jobs(parts) == []


def test_api_answer_says_flagged_with_resources_911_and_988_first(client, parts):
    """POST /api/leads/inquiries with crisis language: 201, safety.flagged, the lines, a clinician next."""
    body = {
        "name": "Luis Ortega",
        "email": "luis.api@example.com",
        "relationship": "partner",
        "message": "my wife said we would be better off without her",
        "consent": True,
    }
    answer = client.post("/api/leads/inquiries", json=body)
    data = answer.get_json()
    assert answer.status_code == 201 and answer.headers["Cache-Control"] == "no-store"
    assert data["safety"]["flagged"] is True and "clinician" in data["next_step_text"]
    assert [r["name"] for r in data["safety"]["resources"]][:2] == ["911", "988 Suicide & Crisis Lifeline"]
    (lead,) = rows(parts, leads)
    assert (lead.id, lead.safety_tier, lead.queue_rank) == (data["id"], "high", 0)
    calm = client.post("/api/leads/inquiries", json={**body, "email": "b@example.com", "message": HARMLESS})
    assert calm.get_json()["safety"]["flagged"] is False
    assert "one business day" in calm.get_json()["next_step_text"]


def test_api_refuses_bad_inquiries_with_field_errors_and_stores_nothing(client, parts):
    """Missing consent, unknown fields, a blank message or a bad phone: 422 with field errors, nothing stored."""
    base = {"name": "A", "email": "a@example.com", "relationship": "self", "message": "hi", "consent": True}
    for bad, field in (
        ({**base, "consent": False}, "consent"),
        ({**base, "message": "   "}, "message"),
        ({**base, "relationship": "wife"}, "relationship"),
        ({**base, "extra": 1}, "extra"),
        ({**base, "message": "a\x00b"}, "message"),
    ):
        answer = client.post("/api/leads/inquiries", json=bad)
        assert answer.status_code == 422 and field in answer.get_json()["errors"]["json"], bad
    assert client.post("/api/leads/inquiries", json={**base, "phone": "12"}).status_code == 422
    assert rows(parts, leads) == []


def test_openapi_documents_the_inquiry_api_and_its_safety_block(client):
    """The schema names the inquiry endpoint, its 201 answer and the safety block's fields."""
    spec = client.get("/api/leads/openapi.json").get_json()
    assert "201" in spec["paths"]["/api/leads/inquiries"]["post"]["responses"]
    safety = spec["components"]["schemas"]["InquirySafety"]["properties"]
    assert set(safety) == {"flagged", "resources"}


def test_crisis_language_in_the_medicines_box_flags_the_assessment(submit, parts):
    """A likely-eligible visitor who writes 'I want to end it all' among her medicines gets the safety screen."""
    data = submit(payloads.likely_eligible(medications="sertraline. honestly I want to end it all")).get_json()
    assert data["safety"]["flagged"] is True and "crisis_language" in data["safety"]["reasons"]
    assert (data["safety"]["tier"], data["next_step"], data["outcome"]) == ("high", "safety_screen", "needs_review")
    (lead,) = rows(parts, leads)
    assert (lead.safety_status, lead.queue_rank) == ("flagged", 0)
    assert rows(parts, submissions)[0].safety_tier == "high" and len(rows(parts, safety_alerts)) == 1
    assert events_of(parts, "lead.checkout_cleared") == []


def test_ordinary_medicines_do_not_flag(submit, parts):
    """'sertraline 50 mg' is not crisis language: no flag, no alert, and the intake team hears of the new lead."""
    data = submit(payloads.likely_eligible(medications="sertraline 50 mg")).get_json()
    assert data["safety"]["flagged"] is False and rows(parts, safety_alerts) == []
    (notice,) = _to(parts, parts.settings.intake_notify_to)
    assert "Assessment" in notice["subject"] and f"/admin/leads/{data['id']}" in notice["text"]


def test_consultation_request_notifies_the_intake_team(client, submit, parts):
    """A consultation request sends the intake address its own link-only notice."""
    lead_id = submit(payloads.likely_eligible()).get_json()["id"]
    soon = date.today() + timedelta(days=3)
    while soon.weekday() >= 5:  # the clinic takes calls on weekdays
        soon += timedelta(days=1)
    day = soon.isoformat()
    answer = client.post(
        f"/api/leads/assessments/{lead_id}/consultation", json={"windows": [{"date": day, "period": "morning"}]}
    )
    assert answer.status_code == 201
    subjects = [message_from_payload(e).subject for e in _to(parts, parts.settings.intake_notify_to)]
    assert sorted(subjects) == ["New for the intake team: Assessment", "New for the intake team: Consultation request"]


def test_wizard_medicines_box_with_crisis_language_ends_on_the_safety_screen(client, parts):
    """The hosted wizard's medicines answer 'don't want to be here anymore' leads to the safety screen, flagged."""
    response, _ = wizard.walk(client, wizard.answers(medications="none. I don't want to be here anymore"))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You don&#39;t have to go through this alone" in page and 'href="tel:988"' in page
    (lead,) = rows(parts, leads)
    assert (lead.safety_status, lead.safety_tier, lead.queue_rank) == ("flagged", "elevated", 1)


def test_flagged_inquiry_sorts_with_high_tier_assessments_ahead_of_ordinary_records(
    client, submit, parts, staff_headers
):
    """In the staff queue a high-tier inquiry comes before an elevated assessment and an ordinary one."""
    ordinary = submit(payloads.likely_eligible()).get_json()["id"]
    elevated = submit(payloads.flagged(item9=1)).get_json()["id"]
    client.post("/contact", data=_form(HUSBAND))
    inquiry = [lead.id for lead in rows(parts, leads) if lead.kind == "inquiry"][0]
    listed = client.get("/api/leads/staff/queue", headers=staff_headers("clinician")).get_json()["leads"]
    order = [e["id"] for e in listed]
    assert order.index(inquiry) < order.index(elevated) < order.index(ordinary)
