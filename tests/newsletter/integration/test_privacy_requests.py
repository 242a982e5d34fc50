"""Privacy requests relayed by leads: the newsletter exports a subscriber, or erases them keeping only a keyed hash."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import select

from services.contracts.events import NewsletterPrivacyRequest
from services.kit.db_types import utcnow
from services.kit.events import envelope
from services.kit.inbox import receive
from services.newsletter.app import create_app
from services.newsletter.bootstrap import parts_of
from services.newsletter.signup.mail_jobs import SUBSCRIBER_MAIL_JOB
from services.newsletter.tables import infra, subscribers, suppressions
from tests.newsletter.seeding import seed_confirmed


@pytest.fixture
def app(service_env):  # type: ignore[no-untyped-def]
    """The newsletter app on a fresh database."""
    application = create_app(service_env("newsletter", LOG_LEVEL="WARNING"))
    yield application
    application.extensions["container"].db.dispose()


def _request(app, kind: str, email: str) -> str:  # type: ignore[no-untyped-def]
    """Deliver one privacy request to the inbox as the leads worker would; return the request id."""
    request_id = str(uuid.uuid4())
    event = NewsletterPrivacyRequest(request_id=request_id, kind=kind, email=email)
    nl = parts_of(app.extensions["container"])
    receive(
        nl.db, nl.container.infra.inbox, app.extensions["inbox_handlers"], envelope(event, str(uuid.uuid4()), utcnow())
    )
    return request_id


def _answers(app) -> list[dict]:  # type: ignore[no-untyped-def]
    """The privacy answers queued for leads."""
    with parts_of(app.extensions["container"]).db.transaction() as session:
        payloads = [json.loads(p) for p in session.execute(select(infra.outbox.c.payload)).scalars()]
    return [p["event"] for p in payloads if p.get("event", {}).get("type") == "privacy.newsletter_done"]


def test_an_export_answers_with_the_subscriber_record(app):  # type: ignore[no-untyped-def]
    """The answer carries the address, status and consents; an unknown address answers found=false."""
    nl = parts_of(app.extensions["container"])
    (email,) = seed_confirmed(nl, 1, topics=("research",))
    known = _request(app, "export", email.upper())
    unknown = _request(app, "export", "nobody@example.com")
    answers = {a["data"]["request_id"]: a["data"] for a in _answers(app)}
    assert answers[known]["found"] is True and answers[known]["data"]["email"] == email
    assert answers[known]["data"]["topics"] == ["research"] and answers[known]["data"]["consents"]
    assert answers[unknown] == {"request_id": unknown, "kind": "export", "found": False, "data": {}}


def test_an_erasure_deletes_the_subscriber_keeps_a_keyed_hash_and_refuses_a_later_sign_up_quietly(app):  # type: ignore[no-untyped-def]
    """No row with the address is left; the hash is an "erased" suppression; signing up again sends nothing."""
    nl = parts_of(app.extensions["container"])
    (email,) = seed_confirmed(nl, 1)
    _request(app, "erase", email)
    with nl.db.transaction() as session:
        assert session.execute(select(subscribers)).all() == []
        kept = session.execute(select(suppressions)).all()
        mails_before = session.execute(
            select(infra.outbox.c.id).where(infra.outbox.c.kind == SUBSCRIBER_MAIL_JOB)
        ).all()
    assert [(k.email_hash, k.reason) for k in kept] == [(nl.hasher(email), "erased")]
    assert email not in str([tuple(k) for k in kept])
    assert [a["data"]["found"] for a in _answers(app)] == [True]

    client = app.test_client()
    again = client.post("/api/newsletter/subscriptions", json={"email": email})
    assert again.status_code == 202
    with nl.db.transaction() as session:
        assert session.execute(select(subscribers)).all() == []
        mails = session.execute(select(infra.outbox.c.id).where(infra.outbox.c.kind == SUBSCRIBER_MAIL_JOB)).all()
    assert len(mails) == len(mails_before)
