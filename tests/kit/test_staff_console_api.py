"""The staff JSON endpoints every service gets from the kit: dead letters (list, retry, discard) and the audit log."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select

from services.kit.email.message import EmailMessage, Recipient
from services.kit.email_jobs import queue_email
from services.kit.outbox import enqueue
from tests.kit.sample_service import create_app

PATIENT = "jane.patient@example.com"


@pytest.fixture
def app(service_env):
    """The sample service (as "leads") on a fresh database."""
    built = create_app(service_env("leads"))
    yield built
    built.extensions["container"].db.dispose()


def _admin(staff_token) -> dict[str, str]:
    return {"Authorization": f"Bearer {staff_token('admin', subject='staff:1')}"}


def _dead_email(app) -> int:
    """Queue an email to a patient and let it fail for good, with her address in the error."""
    container = app.extensions["container"]
    message = EmailMessage(
        "care@clinic.example",
        "Clinic",
        "Your PHQ-9 result",
        None,
        "private text",
        (Recipient(PATIENT),),
        categories=("next_step",),
    )
    with container.db.transaction() as session:
        queue_email(session, container.infra.outbox, message)
    job = container.outbox.claim("w1")[0]
    container.outbox.fail(job, f"email provider refused: 400 bad address {PATIENT} +1 (813) 555-0100", retryable=False)
    return job.id


def test_dead_letters_are_listed_in_words_without_personal_data(app, staff_token):
    """The list says what failed (an email: next step) with the error's address and number blotted out."""
    job_id = _dead_email(app)
    answer = app.test_client().get("/api/leads/staff/dead-letters", headers=_admin(staff_token))
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    (item,) = answer.json["items"]
    assert item["id"] == job_id and item["description"] == "Email: next step" and item["attempts"] == 1
    assert "[address]" in item["last_error"] and "[number]" in item["last_error"]
    text = answer.get_data(as_text=True)
    assert PATIENT not in text and "PHQ" not in text and "555-0100" not in text and "private" not in text


def test_retry_queues_the_job_again_once_and_is_audited(app, staff_token):
    """Retry makes the job pending with fresh attempts; a second retry is a 404; the audit names the admin."""
    job_id = _dead_email(app)
    client = app.test_client()
    answer = client.post(f"/api/leads/staff/dead-letters/{job_id}/retry", headers=_admin(staff_token))
    assert answer.status_code == 200 and answer.json == {"id": job_id, "status": "pending"}
    container = app.extensions["container"]
    assert container.outbox.counts() == {"pending": 1}
    assert client.post(f"/api/leads/staff/dead-letters/{job_id}/retry", headers=_admin(staff_token)).status_code == 404
    beyond = "/api/leads/staff/dead-letters/" + "9" * 30 + "/retry"
    assert client.post(beyond, headers=_admin(staff_token)).status_code == 404  # past BIGINT: no such job, not a 500
    with container.db.transaction() as session:
        entry = session.execute(select(container.infra.audit)).one()
    assert (entry.actor, entry.action, entry.target_id) == ("staff:1", "dead_letter.retried", str(job_id))


def test_discard_needs_a_reason_and_keeps_it(app, staff_token):
    """No reason or a blank one is a 422 with a field error and changes nothing; with one the job is discarded."""
    job_id = _dead_email(app)
    client = app.test_client()
    url = f"/api/leads/staff/dead-letters/{job_id}/discard"
    for body in ({}, {"reason": "  "}, {"reason": "ok", "extra": 1}, {"reason": "gone\x00away"}):
        refused = client.post(url, json=body, headers=_admin(staff_token))
        assert refused.status_code == 422, body
        assert refused.json["errors"]
    container = app.extensions["container"]
    assert container.outbox.counts() == {"dead": 1}
    done = client.post(url, json={"reason": "Address no longer exists"}, headers=_admin(staff_token))
    assert done.status_code == 200 and done.json["status"] == "discarded"
    assert client.get("/api/leads/staff/dead-letters", headers=_admin(staff_token)).json["items"] == []
    with container.db.transaction() as session:
        entry = session.execute(select(container.infra.audit)).one()
    assert entry.reason == "Address no longer exists"


def test_an_event_dead_letter_names_its_type_and_receiver(app, staff_token):
    """An event job reads as the event's type and the service it was going to."""
    container = app.extensions["container"]
    with container.db.transaction() as session:
        payload = {"target": "billing", "event": {"type": "lead.qualified", "data": {"email": PATIENT}}}
        enqueue(session, container.infra.outbox, "event.deliver", payload)
    container.outbox.fail(container.outbox.claim("w1")[0], "receiver answered 500", retryable=False)
    (item,) = app.test_client().get("/api/leads/staff/dead-letters", headers=_admin(staff_token)).json["items"]
    assert item["description"] == "Message to another service: “lead qualified” to billing"


def _audit_rows(app, rows: list[tuple[str, str, str, datetime]]) -> None:
    container = app.extensions["container"]
    with container.db.transaction() as session:
        for actor, target_type, target_id, at in rows:
            session.execute(
                insert(container.infra.audit).values(
                    at=at, actor=actor, action="lead.read", target_type=target_type, target_id=target_id
                )
            )


def test_the_audit_log_filters_by_person_record_and_time_newest_first(app, staff_token):
    """Each filter narrows the entries; they come newest first with the total, a page at a time."""
    base = datetime(2026, 12, 1, 15, tzinfo=UTC)
    _audit_rows(
        app,
        [
            ("staff:1", "lead", "7", base),
            ("staff:2", "lead", "7", base + timedelta(hours=1)),
            ("staff:1", "lead", "8", base + timedelta(days=1)),
            ("staff:1", "member", "7", base + timedelta(days=2)),
        ],
    )
    client = app.test_client()

    def get(**query):
        answer = client.get("/api/leads/staff/audit", query_string=query, headers=_admin(staff_token))
        assert answer.status_code == 200, answer.json
        return answer.json

    everything = get()
    assert everything["total"] == 4 and everything["source"] == "leads"
    assert [e["target_type"] for e in everything["items"]][:2] == ["member", "lead"]
    assert get(actor="staff:2")["total"] == 1
    assert [e["actor"] for e in get(target_type="lead", target_id="7")["items"]] == ["staff:2", "staff:1"]
    ranged = get(
        since=(base + timedelta(minutes=30)).isoformat(), until=(base + timedelta(days=1, hours=1)).isoformat()
    )
    assert [e["target_id"] for e in ranged["items"]] == ["8", "7"]
    paged = get(limit=1, offset=1)
    assert paged["total"] == 4 and paged["items"][0]["target_id"] == "8"


@pytest.mark.parametrize(
    "query",
    [
        {"limit": "0"},
        {"limit": "5000"},
        {"since": "yesterday"},
        {"colour": "red"},
        {"actor": "staff:\x001"},
        {"actor": "staff:1\n"},
        {"target_type": ""},
    ],
)
def test_bad_audit_filters_are_a_422_with_field_errors(app, staff_token, query):
    """Malformed or contradictory filters answer 422 in the JSON error shape."""
    answer = app.test_client().get("/api/leads/staff/audit", query_string=query, headers=_admin(staff_token))
    assert answer.status_code == 422
    assert answer.json["errors"]


def test_filters_the_document_allows_are_read_sensibly_not_refused(app, staff_token):
    """A record id alone, instants beyond 1970-9000 and an empty range all answer 200, as the document lets them."""
    base = datetime(2026, 12, 1, 15, tzinfo=UTC)
    _audit_rows(app, [("staff:1", "lead", "7", base), ("staff:1", "member", "7", base), ("staff:1", "lead", "8", base)])
    client = app.test_client()

    def total(**query):
        answer = client.get("/api/leads/staff/audit", query_string=query, headers=_admin(staff_token))
        assert answer.status_code == 200, (query, answer.json)
        return answer.json["total"]

    assert total(target_id="7") == 2
    assert total(since="0423-01-01T00:00:00Z") == 3
    assert total(until="0001-01-01T00:00:00+14:00") == 0
    assert total(since="9999-12-31T23:59:59-12:00") == 0
    assert total(since="0001-01-01T00:00:00+14:00", until="9999-12-31T23:59:59-12:00") == 3
    assert total(since="2026-12-02T00:00:00+00:00", until="2026-12-01T00:00:00+00:00") == 0


def test_the_discard_reason_rule_is_the_one_the_document_states(app, staff_token):
    """A reason matching the documented pattern is taken; one outside it is refused in words, nothing discarded."""
    document = app.test_client().get("/api/leads/openapi.json").json
    reason = document["components"]["schemas"]["Discard"]["properties"]["reason"]
    pattern = re.compile(reason["pattern"])
    client = app.test_client()
    refusals = {
        "ok": "Say why, in a few words.",
        " a \u00a0 b ": "Say why, in a few words.",
        "line one\nline two": "Please keep this to one line, without control characters.",
        "gone\u0085away": "Please keep this to one line, without control characters.",
        "gone\x01away": "Please keep this to one line, without control characters.",
        "x" * 501: "Keep the reason under 500 characters.",
    }
    job_id = _dead_email(app)
    url = f"/api/leads/staff/dead-letters/{job_id}/discard"
    for text, words in refusals.items():
        assert not (pattern.match(text) and len(text) <= reason["maxLength"]), text
        refused = client.post(url, json={"reason": text}, headers=_admin(staff_token))
        assert refused.status_code == 422 and refused.json["errors"]["json"]["reason"] == [words], text
    assert app.extensions["container"].outbox.counts() == {"dead": 1}
    for text in ("abc", " a b c ", "Adresse n’existe plus ✓", "x" * 500):
        assert pattern.match(text), text
        taken = client.post(url, json={"reason": text}, headers=_admin(staff_token))
        assert taken.status_code == 200, (text, taken.json)
        url = f"/api/leads/staff/dead-letters/{_dead_email(app)}/discard"


def test_the_endpoints_are_in_the_service_openapi(app):
    """The service documents the dead-letter and audit endpoints."""
    paths = app.test_client().get("/api/leads/openapi.json").json["paths"]
    assert {
        "/api/leads/staff/dead-letters",
        "/api/leads/staff/dead-letters/{job_id}/retry",
        "/api/leads/staff/dead-letters/{job_id}/discard",
        "/api/leads/staff/audit",
    } <= set(paths)


@given(data=st.data())
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_input_makes_the_console_endpoints_fail(fuzz_operations, data):
    """Every dead-letter and audit operation, with generated input and an admin's token, answers below 500."""
    operations, token = fuzz_operations
    operation = data.draw(st.sampled_from(operations))
    case = data.draw(operation.as_strategy())
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 500, (operation.label, response.text)


@pytest.fixture(scope="module")
def fuzz_operations(databases):
    """The console's operations from the sample service's own OpenAPI document, and an admin token."""
    import jwt

    from services.kit.dev_keys import DEV_STAFF_PRIVATE_KEY_PEM, DEV_STAFF_PUBLIC_KEY_PEM
    from services.kit.staff_auth import AUDIENCE, ISSUER
    from tests.conftest import EVENTS_KEY

    env = {
        "LEADS_DATABASE_URL": databases.create("leads"),
        "EVENTS_SIGNING_KEY": EVENTS_KEY,
        "STAFF_TOKEN_PUBLIC_KEY": DEV_STAFF_PUBLIC_KEY_PEM,
        "LOG_LEVEL": "CRITICAL",
    }
    app = create_app(env)
    schema = schemathesis.openapi.from_wsgi("/api/leads/openapi.json", app)
    operations = [
        op.ok()
        for op in schema.get_all_operations()
        if "/staff/dead-letters" in op.ok().path or op.ok().path.endswith("/staff/audit")
    ]
    assert len(operations) == 4
    now = datetime.now(UTC)
    claims = {"sub": "staff:1", "roles": ["admin"], "csrf": "x", "iss": ISSUER, "aud": AUDIENCE, "iat": now}
    token = jwt.encode({**claims, "exp": now + timedelta(hours=1)}, DEV_STAFF_PRIVATE_KEY_PEM, algorithm="EdDSA")
    yield operations, token
    app.extensions["container"].db.dispose()
