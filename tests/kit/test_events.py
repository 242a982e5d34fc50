"""Signed events between services, deduped by the receiver's inbox."""

from __future__ import annotations

import json

import pytest
import requests

from services.kit.event_signing import sign
from services.kit.events import publish
from tests.conftest import EVENTS_KEY
from tests.kit import sample_service
from tests.support.servers import ProcessServer, free_port, gunicorn_app, python_module
from tests.support.waiting import wait_until


@pytest.fixture
def receiver(service_env):
    """The sample service's app on a fresh database, under Flask's test client."""
    env = {**service_env("billing"), "SAMPLE_SERVICE": "billing", "EVENTS_SIGNING_KEY": EVENTS_KEY}
    env["BILLING_DATABASE_URL"] = env["BILLING_DATABASE_URL"]
    app = sample_service.create_app(env)
    return app, sample_service.build_container(env)


def _post(client, event, *, key=EVENTS_KEY, timestamp=None):
    body = json.dumps(event).encode()
    ts, signature = sign(key, body, timestamp)
    return client.post("/internal/events", data=body, headers={"X-Event-Timestamp": ts, "X-Event-Signature": signature})


def test_the_inbox_applies_an_event_once_however_often_it_arrives(receiver):
    """The same event id delivered three times has one effect."""
    app, container = receiver
    client = app.test_client()
    event = {"id": "evt-dup-1", "type": "sample.happened", "source": "leads", "data": {}}
    answers = [_post(client, event).get_json() for _ in range(3)]
    assert [a["duplicate"] for a in answers] == [False, True, True]
    assert sample_service.effect_count(container, "evt-dup-1") == 1


def test_a_wrong_or_stale_signature_is_refused_and_nothing_stored(receiver):
    """Another key, an old timestamp or no signature → 401, no effect."""
    app, container = receiver
    client = app.test_client()
    event = {"id": "evt-bad-1", "type": "sample.happened", "source": "leads", "data": {}}
    assert _post(client, event, key="not-the-key").status_code == 401
    assert _post(client, event, timestamp=1_000_000_000).status_code == 401
    assert client.post("/internal/events", json=event).status_code == 401
    assert sample_service.effect_count(container, "evt-bad-1") == 0


def test_an_event_whose_data_breaks_its_contract_is_refused_and_not_recorded(receiver):
    """Text where the contract wants a number is a 400 at the edge; the id stays free for a corrected delivery."""
    app, container = receiver
    client = app.test_client()
    broken = {"id": "evt-typed-1", "type": "sample.happened", "source": "leads", "data": {"n": "seven"}}
    answer = _post(client, broken)
    assert answer.status_code == 400 and "n has the wrong kind" in answer.get_json()["message"]
    assert sample_service.effect_count(container, "evt-typed-1") == 0
    assert _post(client, dict(broken, data={"n": 7})).get_json()["duplicate"] is False


def test_a_malformed_event_is_a_clear_400(receiver):
    """A signed body that is not an event is refused without a 500."""
    app, _ = receiver
    body = b'{"no": "id"}'
    ts, signature = sign(EVENTS_KEY, body)
    answer = app.test_client().post(
        "/internal/events", data=body, headers={"X-Event-Timestamp": ts, "X-Event-Signature": signature}
    )
    assert answer.status_code == 400 and answer.get_json()["code"] == 400


def test_events_cross_two_real_service_processes(databases):
    """leads' worker delivers an event to billing's web process; billing applies it once."""
    port = free_port()
    peers = {"BILLING_URL": f"http://127.0.0.1:{port}"}
    sender_env = {
        "SAMPLE_SERVICE": "leads",
        "LEADS_DATABASE_URL": databases.create("leads", migrate=False),
        "EVENTS_SIGNING_KEY": EVENTS_KEY,
        "WORKER_POLL_SECONDS": "0.05",
        **peers,
    }
    receiver_env = {
        "SAMPLE_SERVICE": "billing",
        "BILLING_DATABASE_URL": databases.create("billing", migrate=False),
        "EVENTS_SIGNING_KEY": EVENTS_KEY,
        **peers,
    }
    sender = sample_service.build_container(sender_env)
    receiver = sample_service.build_container(receiver_env)
    with sender.db.transaction() as session:
        ids = [publish(session, sender.infra.outbox, sample_service.SampleHappened(n=n)) for n in range(5)]
    with (
        ProcessServer(
            gunicorn_app("tests.kit.sample_service:create_app()", port),
            receiver_env,
            ready_url=f"http://127.0.0.1:{port}/metrics",
        ),
        ProcessServer(python_module("tests.kit.sample_service"), sender_env),
    ):
        wait_until(lambda: sender.outbox.counts().get("done") == 5, timeout=30)
        health = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
    assert all(sample_service.effect_count(receiver, i) == 1 for i in ids)
    assert health.json()["checks"]["database"]["ok"] is True
