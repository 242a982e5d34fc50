"""Every answer of every app, called directly without the gateway, carries the security headers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from flask import Flask, Response

from services.kit.security_headers import CONTENT_SECURITY_POLICY, HEADERS
from tests.support.databases import DatabaseFactory
from tests.support.every_app import every_app, routes_of, url_for_route

TIGHT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# A public write of each app, which reads its body.
PUBLIC_WRITES = {
    "leads": "/api/leads/assessments",
    "billing": "/api/billing/checkout-sessions",
    "newsletter": "/api/newsletter/subscriptions",
    "gateway": "/auth/token",
}


@pytest.fixture(scope="module")
def apps(databases: DatabaseFactory) -> Iterator[dict[str, Flask]]:
    """Every app with public limits of two a minute, so the walk below also meets their 429s."""
    with every_app(databases, PUBLIC_WRITE_LIMIT="2/minute", AUTH_LIMIT="2/minute") as built:
        for name, app in built.items():
            app.add_url_rule("/__test__/fail", f"__test_fail_{name}", _fail)
            app.add_url_rule("/__test__/own-policy", f"__test_own_policy_{name}", _own_policy)
        yield built


def _fail() -> str:
    """A view that breaks, to see the headers on a 500."""
    raise RuntimeError("this view always fails")


def _own_policy() -> Response:
    """A page with its own, tighter policy, as the newsletter's email preview has."""
    return Response("<p>preview</p>", headers={"Content-Security-Policy": TIGHT_POLICY})


def missing_headers(headers: dict[str, str]) -> list[str]:
    """The security headers absent from an answer, or present with another value."""
    wrong = [name for name, value in HEADERS.items() if headers.get(name) != value]
    policy = headers.get("Content-Security-Policy", "")
    if "frame-ancestors 'none'" not in policy or "default-src" not in policy:
        wrong.append("Content-Security-Policy")
    return wrong


def test_every_route_of_every_app_answers_with_the_headers(apps: dict[str, Flask]) -> None:
    """Each rule of each url_map, called anonymously with and without a body, as page and as script."""
    failures, statuses = [], Counter[int]()
    for name, app in apps.items():
        client = app.test_client()
        for route in routes_of(name, app):
            url = url_for_route(app, route)
            for accept in ("text/html", "application/json"):
                for _ in range(2 if route.method in UNSAFE else 1):
                    answer = client.open(url, method=route.method, headers={"Accept": accept}, data=b"{")
                    statuses[answer.status_code] += 1
                    if wrong := missing_headers(dict(answer.headers)):
                        failures.append(f"{route.key} {answer.status_code} {accept}: {wrong}")
    assert not failures, "\n".join(failures)
    # The walk met pages, JSON, redirects, refusals, bad input, missing things, limits, failures and outages.
    assert {200, 303, 401, 404, 422, 429, 500, 502, 503} <= set(statuses), statuses


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_errors_outside_the_routes_carry_the_headers(apps: dict[str, Flask], accept: str) -> None:
    """404 for unknown paths, 405 for wrong methods, 413 for big bodies and 500 for a broken view."""
    for name, app in apps.items():
        client = app.test_client()
        # Another address than the walk's, so the public limits do not answer first.
        fresh = {"Accept": accept, "X-Real-IP": f"192.0.2.{len(accept)}", "Content-Type": "application/json"}
        answers = {
            404: client.get("/no/such/page", headers=fresh),
            405: client.delete("/healthz", headers=fresh),
            413: client.post(PUBLIC_WRITES[name], data=b"x" * (1024 * 1024 + 1), headers=fresh),
            500: client.get("/__test__/fail", headers=fresh),
        }
        for status, answer in answers.items():
            assert answer.status_code == status, (name, status, answer.status_code)
            assert missing_headers(dict(answer.headers)) == [], (name, status)


def test_a_page_keeps_its_own_tighter_policy(apps: dict[str, Flask]) -> None:
    """A page that sets its own Content-Security-Policy keeps it; every other answer gets the default."""
    for app in apps.values():
        client = app.test_client()
        assert client.get("/__test__/own-policy").headers["Content-Security-Policy"] == TIGHT_POLICY
        assert client.get("/no/such/page").headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
