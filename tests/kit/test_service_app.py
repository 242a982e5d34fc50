"""What every service app shares: error shape, logs without personal data, health, metrics, roles."""

from __future__ import annotations

import io
import json
import logging

import pytest
from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields

from services.kit.jsonlog import JsonFormatter
from services.kit.staff_auth import require_roles
from services.kit.worker_main import build_worker
from services.leads.app import create_app
from services.leads.bootstrap import build_container


class _EchoSchema(Schema):
    class Meta:
        unknown = RAISE

    name = fields.String(required=True)


@pytest.fixture
def app(service_env):
    """A leads app with a few probe routes added for the checks."""
    env = service_env("leads")
    app = create_app(env)
    probe = Blueprint("probe", __name__)

    @probe.route("/probe/echo", methods=["POST"])
    @probe.arguments(_EchoSchema)
    def echo(body):
        return body

    @probe.route("/probe/boom")
    def boom():
        raise RuntimeError("kaboom with ana@example.com inside")

    @probe.route("/probe/clinicians")
    @require_roles("clinician")
    def clinicians_only():
        return {"ok": True}

    app.extensions["api"].register_blueprint(probe)
    app.config["env"] = env
    return app


@pytest.fixture
def captured_logs():
    """Capture the JSON log lines every logger writes."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("leads"))
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("GET", "/no/such/page", {}, 404),
        ("DELETE", "/healthz", {}, 405),
        ("POST", "/probe/echo", {"json": {"name": "x", "extra": 1}}, 422),
        ("POST", "/probe/echo", {"data": "not json", "content_type": "application/json"}, 400),
        ("POST", "/probe/echo", {"data": b"x" * (2 * 1024 * 1024), "content_type": "application/json"}, 413),
        ("GET", "/probe/boom", {}, 500),
        ("GET", "/probe/clinicians", {}, 401),
    ],
)
def test_every_error_has_the_one_json_shape(app, method, path, kwargs, status):
    """4xx and 5xx answers all carry {code, status, message, errors}."""
    answer = app.test_client().open(path, method=method, **kwargs)
    body = answer.get_json()
    assert answer.status_code == status
    assert set(body) == {"code", "status", "message", "errors"} and body["code"] == status
    assert "Traceback" not in answer.get_data(as_text=True)


def test_field_errors_name_the_field(app):
    """A 422 says which field is wrong."""
    body = app.test_client().post("/probe/echo", json={}).get_json()
    assert "name" in body["errors"]["json"]


def test_roles_are_enforced_with_401_and_403(app, staff_token):
    """No token or a bad one → 401; the wrong role → 403; the right role or admin → 200."""
    client = app.test_client()

    def get(token):
        return client.get("/probe/clinicians", headers={"Authorization": f"Bearer {token}"}).status_code

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    other_key = (
        Ed25519PrivateKey.generate()
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )
    assert get(staff_token("clinician", ttl=-10)) == 401
    assert get(staff_token("clinician", key=other_key)) == 401
    assert get("not-a-token") == 401
    assert get(staff_token("marketer")) == 403
    assert get(staff_token("clinician")) == 200
    assert get(staff_token("admin")) == 200


def test_logs_carry_no_email_or_phone_even_when_planted(app, captured_logs, staff_token):
    """An address and a phone number in path, query, body and error text never reach the logs."""
    client = app.test_client()
    client.get("/lookup/ana.diaz@example.com/+13055550123?email=ana.diaz@example.com&phone=%2B13055550123")
    client.post("/probe/echo", json={"name": "ana.diaz@example.com +1 305 555 0123"})
    client.get("/probe/boom")
    logged = captured_logs.getvalue()
    assert logged.count("\n") >= 3
    assert "ana.diaz@example.com" not in logged and "ana@example.com" not in logged
    assert "5550123" not in logged and "555 0123" not in logged
    lines = [json.loads(line) for line in logged.splitlines()]
    assert all("request_id" in line for line in lines if line["logger"] == "access")


def test_the_staff_subject_reaches_the_logs(app, captured_logs, staff_token):
    """A staff request's access line names the staff subject."""
    app.test_client().get(
        "/probe/clinicians", headers={"Authorization": f"Bearer {staff_token('clinician', subject='staff:42')}"}
    )
    lines = [json.loads(line) for line in captured_logs.getvalue().splitlines()]
    assert any(line.get("staff") == "staff:42" for line in lines if line["logger"] == "access")


def test_health_needs_a_recent_worker_heartbeat(app):
    """/healthz is 503 until the worker beats, then 200 with the detail."""
    client = app.test_client()
    first = client.get("/healthz")
    assert first.status_code == 503 and first.get_json()["checks"]["worker"]["ok"] is False
    build_worker(build_container(app.config["env"])).beat()
    second = client.get("/healthz")
    assert second.status_code == 200 and second.get_json()["checks"]["database"]["ok"] is True


def test_metrics_report_requests_outbox_depth_and_dead_letters(app):
    """/metrics is Prometheus text with request counts, latency and outbox gauges."""
    client = app.test_client()
    client.get("/healthz")
    text = client.get("/metrics").get_data(as_text=True)
    assert 'http_requests_total{method="GET",route="/healthz"' in text.replace('service="leads",', "")
    assert "http_request_duration_seconds_bucket" in text
    assert 'outbox_pending{service="leads"} 0.0' in text
    assert 'outbox_dead_letters{service="leads"} 0.0' in text
