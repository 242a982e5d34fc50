"""Idempotency-Key replays, dedupe of the same person within 30 days, and spam kept but marked."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from services.kit.db_types import utcnow
from services.leads.assessments.recorded import RequestMeta
from services.leads.assessments.recording import record_assessment
from services.leads.assessments.schemas import AssessmentRequestSchema
from services.leads.tables import leads, submissions
from tests.leads import payloads
from tests.leads.integration.db_rows import events_of, rows


def test_same_idempotency_key_gives_the_same_lead_once(submit, parts):
    """Replaying a request with its key answers the same body and stores nothing new."""
    payload = payloads.likely_eligible()
    first = submit(payload, **{"Idempotency-Key": "key-1"})
    again = submit(payload, **{"Idempotency-Key": "key-1"})
    assert again.status_code == 201 and again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(rows(parts, leads)) == 1 and len(rows(parts, submissions)) == 1
    assert len(events_of(parts, "lead.created")) == 1


def test_concurrent_replays_store_one_lead(submit, parts, app):
    """Eight simultaneous requests with one key still store one lead."""
    payload = payloads.likely_eligible()

    def post(_: int):
        with app.test_client() as c:
            return c.post("/api/leads/assessments", json=payload, headers={"Idempotency-Key": "same"}).get_json()["id"]

    with ThreadPoolExecutor(8) as pool:
        ids = set(pool.map(post, range(8)))
    assert len(ids) == 1
    assert len(rows(parts, submissions)) == 1


def test_same_key_with_another_body_is_a_conflict(submit, parts):
    """A key reused for a different body is refused with 409."""
    submit(payloads.likely_eligible(), **{"Idempotency-Key": "key-2"})
    answer = submit(payloads.likely_eligible(), **{"Idempotency-Key": "key-2"})
    assert answer.status_code == 409
    assert len(rows(parts, leads)) == 1


def test_same_email_within_30_days_is_a_new_submission_on_the_same_lead(submit, parts):
    """The same email (any case) is one lead with two submissions; lead.created is sent once."""
    first = payloads.likely_eligible()
    second = payloads.likely_eligible()
    second["contact"]["email"] = first["contact"]["email"].upper()
    assert submit(first).get_json()["id"] == submit(second).get_json()["id"]
    assert rows(parts, leads)[0].submission_count == 2
    assert len(rows(parts, submissions)) == 2
    assert len(events_of(parts, "lead.created")) == 1


def test_same_phone_in_another_format_is_the_same_lead(submit):
    """A phone written (305) 555-… is the same person as +1305555…."""
    first = payloads.likely_eligible()
    second = payloads.likely_eligible()
    digits = first["contact"]["phone"][2:]
    second["contact"]["phone"] = f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    assert submit(first).get_json()["id"] == submit(second).get_json()["id"]


def test_after_30_days_the_same_person_is_a_new_lead(parts):
    """A submission more than 30 days after the last one starts a new lead."""
    payload = AssessmentRequestSchema().load(payloads.likely_eligible())
    old = record_assessment(parts, payload, RequestMeta(), now=utcnow() - timedelta(days=31))
    new = record_assessment(parts, payload, RequestMeta())
    assert old.lead_id != new.lead_id


def test_honeypot_is_kept_and_marked_as_spam_and_not_forwarded(submit, parts):
    """A filled honeypot is stored with its reason; no events go to other services."""
    answer = submit(payloads.likely_eligible(website="http://spam.example"))
    assert answer.status_code == 201
    lead = rows(parts, leads)[0]
    assert lead.spam_suspected is True and lead.spam_reasons == "honeypot"
    assert events_of(parts, "lead.created") == [] and events_of(parts, "lead.checkout_cleared") == []


def test_per_ip_limit_records_its_signal_and_keeps_every_submission(service_env):
    """Past the per-IP limit submissions are still stored, with ip_rate recorded among their reasons."""
    from services.leads.app import create_app

    app = create_app(service_env("leads", SPAM_IP_PER_HOUR="2", LOG_LEVEL="WARNING"))
    client = app.test_client()
    for _ in range(3):
        assert client.post("/api/leads/assessments", json=payloads.likely_eligible()).status_code == 201
    from services.leads.bootstrap import parts_of

    found = sorted((r.spam_reasons or "") for r in rows(parts_of(app.extensions["container"]), leads))
    assert found == ["", "", "ip_rate"]
    app.extensions["container"].db.dispose()


def test_per_email_limit_is_recorded_but_alone_is_not_spam(service_env):
    """More submissions from one person in a day than allowed are recorded as email_rate, not held as spam."""
    from services.leads.app import create_app
    from services.leads.bootstrap import parts_of

    app = create_app(service_env("leads", SPAM_EMAIL_PER_DAY="1", LOG_LEVEL="WARNING"))
    payload = payloads.likely_eligible()
    for _ in range(2):
        app.test_client().post("/api/leads/assessments", json=payload)
    lead = rows(parts_of(app.extensions["container"]), leads)[0]
    assert lead.spam_suspected is False and lead.spam_reasons == "email_rate"
    app.extensions["container"].db.dispose()
