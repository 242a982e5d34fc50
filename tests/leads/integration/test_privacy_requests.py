"""A person's privacy request in the leads service: the form, the emailed single-use link, the collector, staff."""

from __future__ import annotations

import json
from datetime import timedelta

from services.kit.db_types import utcnow
from services.leads.privacy.requests import PRIVACY_EVENT_JOB, PRIVACY_MAIL_JOB
from services.leads.tables import infra, leads, privacy_export_parts, privacy_requests
from tests.e2e.privacy_steps import opened_export
from tests.leads import payloads
from tests.leads.integration.db_rows import outbox_jobs, rows
from tests.leads.integration.next_step_helpers import health_words
from tests.leads.integration.privacy_helpers import answer, deliver_requests, send_mails, token_in

SAME_ANSWER = "If we hold information for this address, we've emailed a link to it."


def _ask(client, email: str, kind: str = "export"):
    return client.post("/privacy/requests", data={"email": email, "kind": kind})


def test_the_form_is_a_page_never_cached(client):
    """GET shows both choices and the email field, with no-store."""
    page = client.get("/privacy/requests")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert 'value="export"' in html and 'value="erase"' in html and 'name="email"' in html


def test_bad_input_is_refused_with_field_messages_and_nothing_stored(client, parts):
    """A missing choice or a malformed address: 422, the form again with each message, no row, no email."""
    for form, message in (
        ({"email": "ana@example.com"}, "Please choose what you would like us to do."),
        ({"email": "not-an-email", "kind": "export"}, "Please enter an email address"),
        ({"email": "ana@example.com", "kind": "delete-everything"}, "Please choose what you would like us to do."),
    ):
        page = client.post("/privacy/requests", data=form)
        assert page.status_code == 422 and message in page.get_data(as_text=True)
    assert rows(parts, privacy_requests) == [] and outbox_jobs(parts, PRIVACY_MAIL_JOB) == []


def test_known_and_unknown_addresses_read_the_same_and_the_address_is_sealed(client, submit, parts):
    """The answer never says whether an address is known; the row and the outbox hold no address in clear."""
    payload = payloads.likely_eligible()
    submit(payload)
    known = _ask(client, payload["contact"]["email"])
    unknown = _ask(client, "nobody-here@example.com")
    assert known.status_code == unknown.status_code == 200
    assert SAME_ANSWER in known.get_data(as_text=True) and SAME_ANSWER in unknown.get_data(as_text=True)
    stored = rows(parts, privacy_requests)
    assert len(stored) == 2 and all(r.status == "unconfirmed" for r in stored)
    assert payload["contact"]["email"] not in str([tuple(r) for r in stored])
    assert payload["contact"]["email"] not in json.dumps([j["payload"] for j in outbox_jobs(parts)])


def test_an_address_asking_too_often_gets_the_same_answer_and_no_more_emails(client, parts):
    """After the hourly allowance the page reads the same, and nothing more is stored or sent."""
    for _ in range(parts.settings.privacy_requests_per_hour + 2):
        assert SAME_ANSWER in _ask(client, "often@example.com").get_data(as_text=True)
    assert len(outbox_jobs(parts, PRIVACY_MAIL_JOB)) == parts.settings.privacy_requests_per_hour


def test_the_emailed_link_confirms_once_and_a_preview_changes_nothing(client, submit, parts):
    """GET only shows the page; the POST starts the request; the same link a second time is refused."""
    payload = payloads.likely_eligible()
    submit(payload)
    _ask(client, payload["contact"]["email"], "erase")
    (mail,) = send_mails(parts)
    assert mail.recipients[0].email == payload["contact"]["email"] and health_words(mail) == []
    token = token_in(mail, "confirm")
    for _ in range(2):
        page = client.get(f"/privacy/requests/confirm?token={token}")
        assert page.status_code == 200 and "This cannot be undone" in page.get_data(as_text=True)
    assert rows(parts, leads)[0].erased_at is None
    started = client.post("/privacy/requests/confirm", data={"token": token})
    assert started.status_code == 202 and started.headers["Cache-Control"] == "no-store"
    assert rows(parts, leads)[0].erased_at is not None and rows(parts, leads)[0].email_enc is None
    again = client.post("/privacy/requests/confirm", data={"token": token})
    assert again.status_code == 410 and "Ask again" in again.get_data(as_text=True)
    assert client.get(f"/privacy/requests/confirm?token={token}").status_code == 410


def test_an_expired_or_forged_link_is_refused(client, parts):
    """A link past its minutes, or a token we never signed, gives the kind page to ask again."""
    _ask(client, "late@example.com")
    token = token_in(send_mails(parts)[0], "confirm")
    with parts.container.db.transaction() as session:
        session.execute(privacy_requests.update().values(link_expires_at=utcnow() - timedelta(seconds=1)))
    assert client.post("/privacy/requests/confirm", data={"token": token}).status_code == 410
    assert client.get("/privacy/requests/confirm?token=forged").status_code == 410
    assert rows(parts, privacy_requests)[0].status == "unconfirmed"


def test_an_export_collects_three_parts_then_downloads_once(app, client, submit, parts):
    """Leads' part at once, the others by events; when all three are in, one link, one file, parts deleted."""
    payload = payloads.likely_eligible()
    submit(payload)
    email = payload["contact"]["email"]
    _ask(client, email, "export")
    client.post("/privacy/requests/confirm", data={"token": token_in(send_mails(parts)[0], "confirm")})
    sent = deliver_requests(parts)
    assert sorted(e["type"] for e in sent) == ["privacy.billing_request", "privacy.newsletter_request"]
    assert {e["data"]["email"] for e in sent} == {email}
    request_id = sent[0]["data"]["request_id"]
    answer(app, request_id, "export", "newsletter", {"email": email, "status": "pending"})
    assert rows(parts, privacy_requests)[0].status == "running" and len(send_mails(parts)) == 1
    answer(app, request_id, "export", "billing", {"customer": {"email": email}})
    ready = send_mails(parts)[-1]
    assert ready.subject == "Your copy of your information is ready" and health_words(ready) == []
    assert rows(parts, privacy_requests)[0].email_enc is None, "the address is dropped once the last email is out"

    token = token_in(ready, "download")
    assert client.get(f"/privacy/requests/download?token={token}").status_code == 200
    got = client.post("/privacy/requests/download", data={"token": token})
    assert got.status_code == 200 and got.headers["Cache-Control"] == "no-store"
    document, readable = opened_export(got.data)
    assert email in readable and "PHQ-9" in readable and "Likely eligible" in readable
    assert "likely_eligible" not in readable and "None" not in readable and "{" not in readable.split("</style>")[1]
    assert document["leads"]["data"]["records"][0]["email"] == email
    assert document["leads"]["data"]["records"][0]["assessments"][0]["answers"]["positions"]["phq9"]
    assert document["newsletter"]["data"]["status"] == "pending"
    assert document["billing"]["data"]["customer"]["email"] == email
    assert rows(parts, privacy_export_parts) == []
    assert client.post("/privacy/requests/download", data={"token": token}).status_code == 410


def test_a_repeated_answer_changes_nothing(app, client, parts):
    """Each service answers once; a second answer neither finishes twice nor sends a second email."""
    _ask(client, "twice@example.com", "erase")
    client.post("/privacy/requests/confirm", data={"token": token_in(send_mails(parts)[0], "confirm")})
    request_id = rows(parts, privacy_requests)[0].id
    for _ in range(2):
        answer(app, request_id, "erase", "newsletter")
        answer(app, request_id, "erase", "billing")
    mails = send_mails(parts)
    assert [m.subject for m in mails][-1] == "Your information has been erased"
    assert len([j for j in outbox_jobs(parts, PRIVACY_MAIL_JOB) if j["payload"]["mail"] == "erased"]) == 1


def test_staff_erasure_takes_the_same_path(client, submit, parts, staff_headers):
    """The staff erase page records a staff request, erases here and asks the newsletter and billing."""
    payload = payloads.likely_eligible()
    lead_id = submit(payload).get_json()["id"]
    headers = {**staff_headers("clinician", subject="dr-kim"), "X-CSRF-Token": "csrf-test"}
    done = client.post(
        f"/admin/leads/{lead_id}/erase", data={"reason": "asked by phone", "confirm": "ERASE"}, headers=headers
    )
    assert done.status_code == 303, done.get_data(as_text=True)
    (request,) = rows(parts, privacy_requests)
    assert (request.origin, request.kind, request.status, request.requested_by) == (
        "staff",
        "erase",
        "running",
        "dr-kim",
    )
    assert request.leads_done_at is not None and rows(parts, leads)[0].erased_at is not None
    assert len(outbox_jobs(parts, PRIVACY_EVENT_JOB)) == 2


def test_admins_see_every_request_in_words_and_the_read_is_audited(client, parts, staff_headers):
    """Clinicians are refused; admins see the kind, the state and each service, never the address."""
    _ask(client, "seen@example.com", "erase")
    assert client.get("/admin/leads/privacy-requests", headers=staff_headers("clinician")).status_code == 403
    page = client.get("/admin/leads/privacy-requests", headers=staff_headers("admin"))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Erasure" in html and "Waiting for the person to confirm" in html and "seen@example.com" not in html
    assert [a.action for a in rows(parts, infra.audit)] == ["privacy_requests.viewed"]


def test_the_form_is_rate_limited_per_address_like_every_public_write(service_env):  # type: ignore[no-untyped-def]
    """Past PUBLIC_WRITE_LIMIT from one client address the form answers 429 with a page, and stores nothing more."""
    from services.leads.app import create_app
    from services.leads.bootstrap import parts_of

    app = create_app(service_env("leads", PUBLIC_WRITE_LIMIT="2/minute", LOG_LEVEL="WARNING"))
    client = app.test_client()
    statuses = [
        client.post(
            "/privacy/requests",
            data={"email": f"n{i}@example.com", "kind": "export"},
            headers={"X-Real-IP": "203.0.113.9"},
        ).status_code
        for i in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert len(rows(parts_of(app.extensions["container"]), privacy_requests)) == 2
    app.extensions["container"].db.dispose()


def test_every_privacy_page_is_well_formed_html(app, client, parts, staff_headers):  # type: ignore[no-untyped-def]
    """The form (empty and with errors), the sent, confirm, started, refused pages and the admin list validate."""
    from tests.support.html_check import html_problems

    _ask(client, "valid@example.com", "erase")
    token = token_in(send_mails(parts)[0], "confirm")
    pages = [
        client.get("/privacy/requests"),
        client.post("/privacy/requests", data={"email": "x"}),
        _ask(client, "valid@example.com", "export"),
        client.get(f"/privacy/requests/confirm?token={token}"),
        client.post("/privacy/requests/confirm", data={"token": token}),
        client.get("/privacy/requests/download?token=forged"),
        client.get("/admin/leads/privacy-requests", headers=staff_headers("admin")),
    ]
    for page in pages:
        assert html_problems(page.get_data(as_text=True)) == [], page.request.path
