"""CORS: the clinic's own sites may call the APIs from a browser; no other origin may."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests

from tests.gateway.conftest import Gateway

ALLOWED = "https://www.clinic.example"


@pytest.fixture
def gateway(start_gateway: Callable[..., Gateway]) -> Gateway:
    """A gateway that allows the clinic's marketing site."""
    return start_gateway(CORS_ORIGINS=f"{ALLOWED} https://clinic.example")


def preflight(gateway: Gateway, origin: str) -> requests.Response:
    """Send the preflight a browser sends before a cross-origin JSON POST."""
    return requests.options(
        gateway.url + "/api/newsletter/subscriptions",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, idempotency-key",
        },
        timeout=10,
    )


def test_preflight_from_an_allowed_origin_is_answered_204(gateway: Gateway) -> None:
    """An allowlisted origin gets 204 with the methods and headers the APIs take."""
    answer = preflight(gateway, ALLOWED)
    assert answer.status_code == 204
    assert answer.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "POST" in answer.headers["Access-Control-Allow-Methods"]
    allowed_headers = {h.strip().lower() for h in answer.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"content-type", "idempotency-key", "authorization"} <= allowed_headers
    assert "Origin" in answer.headers["Vary"]
    assert "Access-Control-Allow-Credentials" not in answer.headers


def test_preflight_from_another_origin_is_refused_403(gateway: Gateway) -> None:
    """Any other origin gets 403 in the error shape and no allow header."""
    answer = preflight(gateway, "https://evil.example")
    assert answer.status_code == 403
    assert answer.json()["code"] == 403
    assert "Access-Control-Allow-Origin" not in answer.headers


def test_simple_requests_are_marked_only_for_allowed_origins(gateway: Gateway) -> None:
    """Actual cross-origin answers carry Allow-Origin for the allowlist only, never for others."""
    allowed = requests.post(
        gateway.url + "/api/newsletter/subscriptions", json={}, headers={"Origin": ALLOWED}, timeout=10
    )
    assert allowed.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "Origin" in allowed.headers["Vary"]
    denied = requests.get(gateway.url + "/api/newsletter/x", headers={"Origin": "https://evil.example"}, timeout=10)
    assert denied.status_code == 200
    assert "Access-Control-Allow-Origin" not in denied.headers


def test_upstreams_cannot_widen_cors(gateway: Gateway) -> None:
    """A wildcard Allow-Origin from a service is removed: only the gateway's allowlist counts."""
    answer = requests.get(
        gateway.url + "/api/leads/wildcard-cors", headers={"Origin": "https://evil.example"}, timeout=10
    )
    assert "Access-Control-Allow-Origin" not in answer.headers


def test_without_an_allowlist_no_origin_is_allowed(start_gateway: Callable[..., Gateway]) -> None:
    """The default configuration refuses every cross-origin preflight."""
    assert preflight(start_gateway(), ALLOWED).status_code == 403
