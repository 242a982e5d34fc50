"""When a service is down or slow, the gateway answers 502 or 504 in the one error shape."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import requests

from tests.gateway.conftest import Gateway
from tests.support.servers import ProcessServer, free_port, gunicorn_app

ERROR_KEYS = {"code", "status", "message", "errors"}


def test_unreachable_upstream_answers_502_json(start_gateway: Callable[..., Gateway]) -> None:
    """A service that refuses connections turns into a 502 error body naming it, quickly."""
    gateway = start_gateway(BILLING_URL=f"http://127.0.0.1:{free_port()}")
    started = time.monotonic()
    answer = requests.post(gateway.url + "/api/billing/checkout-sessions", json={"lead_id": "x"}, timeout=10)
    assert time.monotonic() - started < 3
    assert answer.status_code == 502
    assert set(answer.json()) == ERROR_KEYS
    assert answer.json()["code"] == 502
    assert "billing" in answer.json()["message"]
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_slow_upstream_answers_504_json_after_the_read_timeout(start_gateway: Callable[..., Gateway]) -> None:
    """A service slower than the read timeout turns into a 504 error body, at about the timeout, not later."""
    gateway = start_gateway(UPSTREAM_READ_TIMEOUT="500ms")
    started = time.monotonic()
    answer = requests.get(gateway.url + "/api/leads/slow?seconds=3", timeout=10)
    elapsed = time.monotonic() - started
    assert answer.status_code == 504
    assert answer.json()["code"] == 504
    assert set(answer.json()) == ERROR_KEYS
    assert 0.4 < elapsed < 2.0


def test_a_slow_answer_within_the_timeout_is_relayed(start_gateway: Callable[..., Gateway]) -> None:
    """A service that is slow but within the read timeout still answers normally."""
    gateway = start_gateway(UPSTREAM_READ_TIMEOUT="3s")
    answer = requests.get(gateway.url + "/api/leads/slow?seconds=0.3", timeout=10)
    assert answer.status_code == 200
    assert answer.json() == {"service": "leads", "slept": True}


def test_upstream_connections_are_kept_alive_and_reused(start_gateway: Callable[..., Gateway], tmp_path: Path) -> None:
    """Consecutive requests reuse pooled keep-alive connections to a gunicorn upstream."""
    port = free_port()
    argv = gunicorn_app("tests.gateway.echo_upstream:echo_app('leads')", port, threads=4)
    with ProcessServer(argv, {}, ready_url=f"http://127.0.0.1:{port}/healthz", log=tmp_path / "upstream.log"):
        gateway = start_gateway(LEADS_URL=f"http://127.0.0.1:{port}")
        ports = {requests.get(gateway.url + "/api/leads/x", timeout=10).json()["peer_port"] for _ in range(10)}
    assert len(ports) == 1


def test_a_browser_gets_a_page_when_a_service_is_down(start_gateway: Callable[..., Gateway]) -> None:
    """A visitor's browser sees a kind page with the crisis lines, still a 502, never a JSON document."""
    gateway = start_gateway(LEADS_URL=f"http://127.0.0.1:{free_port()}")
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    answer = requests.get(gateway.url + "/assessment", headers=browser, timeout=10)
    assert answer.status_code == 502
    assert answer.headers["Content-Type"].startswith("text/html")
    assert "This part of our site is not answering" in answer.text
    assert 'href="tel:988"' in answer.text
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["X-Frame-Options"] == "DENY"
