"""INTAKE_DIGEST_MINUTES > 0: new records wait for one digest email listing their links, sent once."""

from __future__ import annotations

import pytest

from services.leads.app import create_app
from services.leads.bootstrap import parts_of
from services.leads.notifications.digest import IntakeDigestTask, digest_every_seconds
from services.leads.tables import intake_notices
from tests.leads import payloads
from tests.leads.integration.db_rows import outbox_jobs, rows


@pytest.fixture
def digest_app(service_env):
    """The leads app with a 15-minute intake digest and a custom intake address."""
    env = service_env(
        "leads",
        SPAM_IP_PER_HOUR="1000",
        SPAM_EMAIL_PER_DAY="1000",
        LOG_LEVEL="WARNING",
        INTAKE_DIGEST_MINUTES="15",
        INTAKE_NOTIFY_TO="front-desk@clinic.example",
    )
    application = create_app(env)
    yield application
    application.extensions["container"].db.dispose()


def _intake_emails(parts) -> list[dict]:
    return [
        j["payload"]
        for j in outbox_jobs(parts, "email.send")
        if j["payload"]["recipients"][0]["email"] == "front-desk@clinic.example"
    ]


def test_records_wait_for_one_digest_that_lists_every_link_once(digest_app):
    """Two records make no email at once; the digest lists both links; a second run sends nothing."""
    client, parts = digest_app.test_client(), parts_of(digest_app.extensions["container"])
    lead_id = client.post("/api/leads/assessments", json=payloads.likely_eligible()).get_json()["id"]
    inquiry = {"name": "Ana", "email": "ana@example.com", "relationship": "self", "message": "hi", "consent": True}
    inquiry_id = client.post("/api/leads/inquiries", json=inquiry).get_json()["id"]
    assert _intake_emails(parts) == [] and len(rows(parts, intake_notices)) == 2
    task = IntakeDigestTask(parts)
    task()
    task()
    (digest,) = _intake_emails(parts)
    assert digest["subject"] == "New for the intake team: 2 since the last summary"
    assert f"/admin/leads/{lead_id}" in digest["text"] and f"/admin/leads/{inquiry_id}" in digest["html"]
    assert "Assessment, " in digest["text"] and "Message, " in digest["text"] and "ana" not in digest["text"].lower()
    assert all(n.sent_at is not None for n in rows(parts, intake_notices))


def test_digest_interval_follows_the_setting():
    """The task runs every INTAKE_DIGEST_MINUTES; with digests off it still flushes leftovers every 5 minutes."""
    assert (digest_every_seconds(15), digest_every_seconds(0)) == (900.0, 300.0)
