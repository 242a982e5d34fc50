"""Who may use each new endpoint: admin, clinician, marketer and no token, with the answer each gets."""

from __future__ import annotations

import pytest
import requests
from flask import Flask

from tests.gateway_admin.conftest import sign_in_as

SERVICES = ("leads", "billing", "newsletter")
NOBODY = 999999


def _service_endpoints(name: str) -> list[tuple[str, str, dict | None, int]]:
    """(method, path, JSON body, the admin's answer) of each service's staff console endpoints."""
    base = f"/api/{name}/staff"
    return [
        ("GET", f"{base}/dead-letters", None, 200),
        ("POST", f"{base}/dead-letters/{NOBODY}/retry", None, 404),
        ("POST", f"{base}/dead-letters/{NOBODY}/discard", {"reason": "Not needed any more"}, 404),
        ("GET", f"{base}/audit", None, 200),
    ]


@pytest.mark.parametrize("service", SERVICES)
def test_service_staff_endpoints_are_for_admins_only(running, staff_token, service):
    """Admin gets the answer; clinician and marketer 403; no token 401; always in the JSON error shape."""
    server = running[service][0]
    expected = {"admin": None, "clinician": 403, "marketer": 403, None: 401}
    for method, path, body, admin_answer in _service_endpoints(service):
        for role, status in expected.items():
            headers = {"Authorization": f"Bearer {staff_token(role, subject='staff:1')}"} if role else {}
            answer = requests.request(method, server.url + path, json=body, headers=headers, timeout=10)
            assert answer.status_code == (status or admin_answer), (method, path, role)
            assert answer.headers["Cache-Control"] == "no-store"
            if answer.status_code >= 400:
                assert set(answer.json()) == {"code", "status", "message", "errors"}


def test_gateway_admin_pages_are_for_admins_only(fresh_gateway, running):
    """Admin gets the page (or its field errors); clinician and marketer 403; no token goes to sign in."""
    app: Flask = fresh_gateway(**{name: server.url for name, (server, _) in running.items()})
    target = sign_in_as(app, "clinician").user_id
    pages = [
        ("GET", "/admin/staff", 200),
        ("POST", "/admin/staff/invite", 422),
        ("GET", f"/admin/staff/{target}", 200),
        ("POST", f"/admin/staff/{target}/roles", 422),
        ("POST", f"/admin/staff/{target}/disable", 422),
        ("POST", f"/admin/staff/{target}/enable", 422),
        ("POST", f"/admin/staff/{target}/reset-totp", 422),
        ("POST", f"/admin/staff/{target}/send-link", 422),
        ("GET", "/admin/dead-letters", 200),
        ("POST", f"/admin/dead-letters/leads/{NOBODY}/retry", 409),
        ("POST", f"/admin/dead-letters/leads/{NOBODY}/discard", 422),
        ("GET", "/admin/audit", 200),
    ]
    people = {role: sign_in_as(app, role) for role in ("admin", "clinician", "marketer")}
    for method, path, admin_answer in pages:
        for role, person in people.items():
            client = person.client
            answer = client.get(path) if method == "GET" else person.post(path)
            assert answer.status_code == (admin_answer if role == "admin" else 403), (method, path, role)
            assert answer.headers["Cache-Control"] == "no-store"
        anonymous = app.test_client()
        answer = anonymous.get(path) if method == "GET" else anonymous.post(path)
        assert answer.status_code == 303 and answer.headers["Location"].startswith("/staff/login?next="), path


def test_the_invited_person_s_pages_need_their_link_not_a_role(gateway):
    """Without a valid link the welcome and enrolment pages answer 410 to anyone, changing nothing."""
    admin = sign_in_as(gateway, "admin")
    for client in (gateway.test_client(), admin.client):
        for path in ("/staff/welcome", "/staff/enrol", "/staff/welcome?t=forged", "/staff/enrol?t=forged"):
            assert client.get(path).status_code == 410, path
        assert client.post("/staff/welcome", data={"t": "forged", "password": "x" * 20}).status_code == 410
        assert client.post("/staff/enrol", data={"t": "forged", "totp": "123456"}).status_code == 410
