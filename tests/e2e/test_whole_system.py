"""The system as `make run` starts it: one front door, every service healthy, nothing internal exposed."""

from __future__ import annotations

import requests


def test_healthz_reports_every_service_up(system):
    """The gateway's /healthz is 200 only with each service's database and worker detail."""
    answer = requests.get(system.url + "/healthz", timeout=10)
    body = answer.json()
    assert answer.status_code == 200
    for name in ("leads", "billing", "newsletter"):
        checks = body["services"][name]["checks"]
        assert checks["database"]["ok"] is True and checks["worker"]["ok"] is True


def test_each_service_reports_its_workers_heartbeat(system):
    """A service's own /healthz says how long ago its worker last beat."""
    answer = requests.get(system.service_url("leads") + "/healthz", timeout=10)
    assert answer.json()["checks"]["worker"]["last_beat_seconds_ago"] < 30


def test_internal_routes_are_never_reachable_from_outside(system):
    """/internal/events answers 404 through the gateway even with a body."""
    answer = requests.post(system.url + "/internal/events", json={"id": "x", "type": "y"}, timeout=10)
    assert answer.status_code == 404 and answer.json()["code"] == 404


def test_every_service_publishes_its_openapi_through_the_gateway(system):
    """/api/docs lists the three documents and each one is served."""
    assert requests.get(system.url + "/api/docs", timeout=10).status_code == 200
    for name in ("leads", "billing", "newsletter"):
        document = requests.get(f"{system.url}/api/{name}/openapi.json", timeout=10).json()
        assert document["openapi"].startswith("3.")


def test_the_landing_page_links_to_the_three_doors(system):
    """The home page leads to the assessment, the newsletter and the membership."""
    page = requests.get(system.url + "/", timeout=10)
    assert page.status_code == 200
    for link in ('href="/assessment"', 'href="/newsletter"', 'href="/membership"'):
        assert link in page.text
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
