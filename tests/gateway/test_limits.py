"""Per-address rate limits kept by each service (429 with Retry-After), and Caddy's body limits (413)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests

from tests.gateway.conftest import Gateway
from tests.support.servers import ThreadServer


def limited(start_upstreams: Callable[..., dict[str, ThreadServer]], limit: str) -> dict[str, str]:
    """Start upstreams allowing `limit` public writes per address; return their URL settings."""
    return {f"{name.upper()}_URL": server.url for name, server in start_upstreams(PUBLIC_WRITE_LIMIT=limit).items()}


def test_public_writes_beyond_the_limit_get_429_with_retry_after(
    start_gateway: Callable[..., Gateway], start_upstreams: Callable[..., dict[str, ThreadServer]]
) -> None:
    """The fourth write in a minute is refused in the error shape, saying how long to wait."""
    gateway = start_gateway(**limited(start_upstreams, "3/minute"))
    statuses = [
        requests.post(
            gateway.url + "/api/newsletter/subscriptions", json={"email": "a@example.com"}, timeout=10
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 200]
    refused = requests.post(gateway.url + "/api/newsletter/subscriptions", json={}, timeout=10)
    assert refused.status_code == 429
    assert refused.json()["code"] == 429
    assert set(refused.json()) == {"code", "status", "message", "errors"}
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_the_write_limit_is_shared_across_a_services_public_forms(
    start_gateway: Callable[..., Gateway], start_upstreams: Callable[..., dict[str, ThreadServer]]
) -> None:
    """Spreading writes over the assessment, contact and waitlist forms does not multiply the allowance."""
    gateway = start_gateway(**limited(start_upstreams, "2/minute"))
    assert requests.post(gateway.url + "/assessment", data=b"a=1", timeout=10).status_code == 200
    assert requests.post(gateway.url + "/contact", data=b"a=1", timeout=10).status_code == 200
    assert requests.post(gateway.url + "/waitlist", data=b"a=1", timeout=10).status_code == 429


def test_addresses_are_counted_apart(
    start_gateway: Callable[..., Gateway], start_upstreams: Callable[..., dict[str, ThreadServer]]
) -> None:
    """Behind a trusted proxy each client address Caddy passes on has its own allowance."""
    gateway = start_gateway(TRUSTED_PROXY_RANGES="127.0.0.1/32", **limited(start_upstreams, "1/minute"))
    first, second = {"X-Forwarded-For": "203.0.113.1"}, {"X-Forwarded-For": "203.0.113.2"}
    assert requests.post(gateway.url + "/contact", data=b"a=1", headers=first, timeout=10).status_code == 200
    assert requests.post(gateway.url + "/contact", data=b"a=1", headers=first, timeout=10).status_code == 429
    assert requests.post(gateway.url + "/contact", data=b"a=1", headers=second, timeout=10).status_code == 200


def test_a_browser_over_the_limit_gets_a_page_with_the_crisis_lines(
    start_gateway: Callable[..., Gateway], start_upstreams: Callable[..., dict[str, ThreadServer]]
) -> None:
    """A visitor's form post beyond the limit sees a kind page with 911 and 988, not a JSON document."""
    gateway = start_gateway(**limited(start_upstreams, "1/minute"))
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    assert requests.post(gateway.url + "/assessment", data=b"a=1", headers=browser, timeout=10).status_code == 200
    refused = requests.post(gateway.url + "/assessment", data=b"a=1", headers=browser, timeout=10)
    assert refused.status_code == 429 and refused.headers["Content-Type"].startswith("text/html")
    assert "tel:988" in refused.text and "tel:911" in refused.text and "Retry-After" in refused.headers


def test_reads_webhooks_and_staff_areas_are_not_rate_limited(
    start_gateway: Callable[..., Gateway], start_upstreams: Callable[..., dict[str, ThreadServer]]
) -> None:
    """GETs, provider webhooks and staff pages pass however many come while public writes are exhausted."""
    gateway = start_gateway(**limited(start_upstreams, "1/minute"))
    requests.post(gateway.url + "/api/leads/assessments", json={}, timeout=10)
    for _ in range(5):
        assert requests.get(gateway.url + "/api/leads/assessments", timeout=10).status_code == 200
        assert requests.post(gateway.url + "/webhooks/stripe", data=b"{}", timeout=10).status_code == 200
        assert requests.post(gateway.url + "/admin/leads/1/notes", data=b"x", timeout=10).status_code == 200


def test_staff_sign_in_attempts_are_limited(start_gateway: Callable[..., Gateway]) -> None:
    """Password guessing at /auth/token meets 429 after the sign-in limit."""
    gateway = start_gateway(AUTH_LIMIT="2/minute")
    for _ in range(2):
        assert requests.post(gateway.url + "/auth/token", json={}, timeout=10).status_code != 429
    refused = requests.post(gateway.url + "/auth/token", json={}, timeout=10)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1


@pytest.mark.parametrize(
    ("path", "allowed", "refused"),
    [
        ("/api/leads/assessments", 64 * 1024, 64 * 1024 + 1),
        ("/assessment", 64 * 1024, 64 * 1024 + 1),
        ("/webhooks/stripe", 1024 * 1024, 1024 * 1024 + 1),
        ("/admin/leads/import", 1024 * 1024, 1024 * 1024 + 1),
        ("/admin/newsletter/imports", 10 * 1024 * 1024, 10 * 1024 * 1024 + 1),
    ],
)
def test_bodies_over_the_path_limit_get_413(gateway: Gateway, path: str, allowed: int, refused: int) -> None:
    """A body at the limit passes; one byte more is refused with 413 in the error shape."""
    ok = requests.post(gateway.url + path, data=b"x" * allowed, timeout=30)
    assert ok.status_code == 200
    assert ok.json()["body_length"] == allowed
    too_big = requests.post(gateway.url + path, data=b"x" * refused, timeout=30)
    assert too_big.status_code == 413
    assert too_big.json()["code"] == 413
    assert too_big.headers["X-Frame-Options"] == "DENY"


def test_chunked_bodies_over_the_limit_get_413(gateway: Gateway) -> None:
    """A body without Content-Length is cut off at the limit rather than buffered without end."""
    chunks = iter([b"x" * 40_000, b"y" * 40_000])
    answer = requests.post(gateway.url + "/api/leads/assessments", data=chunks, timeout=10)
    assert answer.status_code == 413
    assert answer.json()["code"] == 413
