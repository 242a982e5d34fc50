"""Every answer, page or API, proxied or the gateway's own or an error, carries the security headers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests

from tests.gateway.conftest import Gateway

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def directives(policy: str) -> dict[str, str]:
    """Split a Content-Security-Policy into its directives."""
    parts = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {name: (rest[0] if rest else "") for name, *rest in parts}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/assets/site.css"),
        ("GET", "/healthz"),
        ("GET", "/api/docs"),
        ("GET", "/assessment"),
        ("POST", "/api/leads/assessments"),
        ("GET", "/no/such/page"),
        ("GET", "/internal/events"),
        ("POST", "/webhooks/stripe"),
    ],
)
def test_security_headers_are_on_every_answer(gateway: Gateway, method: str, path: str) -> None:
    """Pages, APIs, static files, webhooks and errors all carry the same protective headers."""
    answer = requests.request(method, gateway.url + path, timeout=10)
    for name, value in EXPECTED.items():
        assert answer.headers[name] == value
    assert "Permissions-Policy" in answer.headers
    policy = directives(answer.headers["Content-Security-Policy"])
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "Strict-Transport-Security" not in answer.headers


def test_the_policy_names_no_third_party_origin(gateway: Gateway) -> None:
    """No directive allows anything beyond our own origin (and data: images)."""
    policy = directives(requests.get(gateway.url + "/", timeout=10).headers["Content-Security-Policy"])
    for name, sources in policy.items():
        for source in sources.split():
            assert source in {"'self'", "'none'", "data:"}, (name, source)


def test_forms_may_post_to_the_stripe_stand_in_in_development(start_gateway: Callable[..., Gateway]) -> None:
    """With the Stripe stand-in configured, its checkout page is an allowed form target, nothing more."""
    gateway = start_gateway(STRIPE_STANDIN_URL="http://127.0.0.1:8124")
    policy = directives(requests.get(gateway.url + "/", timeout=10).headers["Content-Security-Policy"])
    assert policy["form-action"] == "'self' http://127.0.0.1:8124"
    assert policy["script-src"] == "'self'"


def test_hsts_is_sent_in_production(
    start_gateway: Callable[..., Gateway], production_env: Callable[..., dict[str, str]]
) -> None:
    """Production answers pin HTTPS for two years, subdomains included."""
    gateway = start_gateway(production_env())
    answer = requests.get(gateway.url + "/api/leads/x", timeout=10)
    assert answer.headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"


def test_upstream_cannot_loosen_the_public_policy(gateway: Gateway) -> None:
    """A public page's own weaker policy is replaced by the gateway's."""
    answer = requests.get(gateway.url + "/api/leads/loose-csp", timeout=10)
    assert directives(answer.headers["Content-Security-Policy"])["script-src"] == "'self'"


def test_staff_previews_may_keep_their_own_policy(gateway: Gateway) -> None:
    """Under /admin a service's page-specific policy (email previews need inline styles) is left in place."""
    answer = requests.get(gateway.url + "/admin/newsletter/loose-csp", timeout=10)
    assert answer.headers["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert answer.headers["X-Frame-Options"] == "DENY"
