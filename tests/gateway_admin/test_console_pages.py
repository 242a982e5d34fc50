"""/admin/dead-letters and /admin/audit: the gateway asks the three real services on the admin's behalf."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from services.kit.container import Container
from services.kit.db_types import utcnow
from services.kit.email.message import EmailMessage, Recipient
from services.kit.email_jobs import queue_email
from tests.gateway_admin.conftest import SignedIn, sign_in_as


@pytest.fixture
def console(fresh_gateway, running) -> tuple[Flask, SignedIn]:
    """A gateway app in front of the running services, and an admin signed in to it."""
    app = fresh_gateway(**{name: server.url for name, (server, _) in running.items()})
    return app, sign_in_as(app, "admin", email="boss@clinic.example")


def dead_email(container: Container, category: str = "billing") -> int:
    """Queue an email to a member and record that the provider refused it for good."""
    message = EmailMessage(
        "care@clinic.example",
        "Clinic",
        "Payment failed",
        None,
        "text",
        (Recipient("m@example.com"),),
        categories=(category, "payment_failed"),
    )
    table = container.infra.outbox
    with container.db.transaction() as session:
        queue_email(session, table, message)
        job_id = int(session.execute(select(func.max(table.c.id))).scalar_one())
        session.execute(
            update(table)
            .where(table.c.id == job_id)
            .values(
                status="dead", attempts=1, last_error="email provider refused: 400 Bad Request", finished_at=utcnow()
            )
        )
    return job_id


def status_of(container: Container, job_id: int) -> str:
    """The outbox status of one job."""
    table = container.infra.outbox
    with container.db.transaction() as session:
        return str(session.execute(select(table.c.status).where(table.c.id == job_id)).scalar_one())


def test_one_list_shows_every_service_s_dead_letters_in_words(console, running):
    """Billing's failed email appears with its service, what it was, attempts, error and an Eastern time."""
    app, admin = console
    job_id = dead_email(running["billing"][1])
    page = admin.client.get("/admin/dead-letters")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert f'id="dead-billing-{job_id}"' in html
    assert "Email: billing, payment failed" in html and "400 Bad Request" in html
    assert " EST" in html or " EDT" in html
    assert "m@example.com" not in html and "cannot be reached" not in html


def test_retry_and_discard_go_to_the_owning_service(console, running):
    """Retry requeues the job in billing; discard without a reason is refused in the page; with one it is gone."""
    app, admin = console
    billing = running["billing"][1]
    first, second = dead_email(billing), dead_email(billing)
    retried = admin.post(f"/admin/dead-letters/billing/{first}/retry")
    assert retried.status_code == 303 and retried.headers["Location"] == "/admin/dead-letters?done=retried"
    assert status_of(billing, first) == "pending"
    again = admin.post(f"/admin/dead-letters/billing/{first}/retry")
    assert again.status_code == 409 and "no longer a dead letter" in again.get_data(as_text=True)
    refused = admin.post(f"/admin/dead-letters/billing/{second}/discard", reason=" ")
    assert refused.status_code == 422 and "Say why" in refused.get_data(as_text=True)
    assert status_of(billing, second) == "dead"
    done = admin.post(f"/admin/dead-letters/billing/{second}/discard", reason="Member left; address gone")
    assert done.status_code == 303
    assert status_of(billing, second) == "discarded"
    assert admin.post("/admin/dead-letters/elsewhere/1/retry").status_code == 404


def test_the_gateway_s_own_failed_invitation_is_listed_and_retried(console):
    """A staff invitation that could not be sent shows as from staff accounts and can be retried here."""
    app, admin = console
    admin.post("/admin/staff/invite", email="new@clinic.example", roles=["marketer"], reason="New marketer")
    from gateway.staff.tables import infra
    from services.kit.outbox import OutboxStore

    store = OutboxStore(app.extensions["staff"].db, infra.outbox)
    job = store.claim("test")[0]
    store.fail(job, "email provider refused: 401 Unauthorized", retryable=False)
    html = admin.client.get("/admin/dead-letters").get_data(as_text=True)
    assert f'id="dead-gateway-{job.id}"' in html and "Email: staff invite" in html
    assert admin.post(f"/admin/dead-letters/gateway/{job.id}/retry").status_code == 303
    assert store.counts() == {"pending": 1}


def test_a_service_that_is_down_becomes_a_message_not_an_error(fresh_gateway, running):
    """With newsletter unreachable the page still answers 200 with the others' letters and says so."""
    upstreams = {name: server.url for name, (server, _) in running.items()}
    app = fresh_gateway(**{**upstreams, "newsletter": "http://127.0.0.1:9"})
    admin = sign_in_as(app, "admin")
    job_id = dead_email(running["leads"][1], "next_step")
    page = admin.client.get("/admin/dead-letters")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Newsletter cannot be reached just now" in html and f'id="dead-leads-{job_id}"' in html
    audit_page = admin.client.get("/admin/audit")
    assert audit_page.status_code == 200 and "Newsletter cannot be reached" in audit_page.get_data(as_text=True)
    down = admin.post("/admin/dead-letters/newsletter/1/retry")
    assert down.status_code == 502 and "nothing was changed" in down.get_data(as_text=True)


def test_the_audit_log_merges_every_source_with_names_and_filters(console, running):
    """A retry in billing and reads in the gateway appear newest first with the admin's email; filters narrow."""
    app, admin = console
    job_id = dead_email(running["billing"][1])
    admin.post(f"/admin/dead-letters/billing/{job_id}/retry")
    everything = admin.client.get("/admin/audit")
    html = everything.get_data(as_text=True)
    assert everything.status_code == 200 and everything.headers["Cache-Control"] == "no-store"
    assert "boss@clinic.example" in html and "Billing" in html and "Dead letter retried" in html
    assert "staff:" not in html.split("<tbody>", 1)[1]  # names, never ids
    narrowed = admin.client.get(
        "/admin/audit",
        query_string={"person": f"staff:{admin.user_id}", "record_type": "outbox_job", "record_id": str(job_id)},
    ).get_data(as_text=True)
    rows = narrowed.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert rows.count("<tr>") == 1 and "Dead letter retried" in rows
    nobody = admin.client.get("/admin/audit", query_string={"from": "2020-01-01", "to": "2020-01-02"})
    assert "0 entries" in nobody.get_data(as_text=True)


BAD_FILTERS = [
    ({"from": "12/03/2026"}, "Enter a date like"),
    ({"from": "2026-12-03", "to": "2026-12-01"}, "must not come before"),
    ({"record_id": "7"}, "kind of record this number"),
    ({"person": "staff:999999"}, "Choose a person"),
    ({"record_type": "secret_table"}, "Choose a kind of record"),
    ({"page": "99"}, "Pages go from 1 to 20"),
    ({"page": "two"}, "Pages go from 1 to 20"),
    ({"record_type": "lead", "record_id": "7\x00"}, "punctuation only"),
    ({"from": "0001-01-01"}, "Enter a date like"),
    ({"to": "9999-12-31"}, "Enter a date like"),
]


def test_bad_audit_filters_answer_the_page_with_field_errors(console):
    """Each bad filter is a 422 page naming the problem beside its field."""
    app, admin = console
    for query, message in BAD_FILTERS:
        answer = admin.client.get("/admin/audit", query_string=query)
        assert answer.status_code == 422, query
        assert message in answer.get_data(as_text=True), query
