"""Each service applies the kit's limiter to its own public writes, per client address Caddy passes on."""

from __future__ import annotations

from collections.abc import Callable

from services.leads.app import create_app as leads_app
from services.newsletter.app import create_app as newsletter_app


def test_the_leads_service_limits_assessments_per_address(service_env: Callable[..., dict[str, str]]) -> None:
    """The third assessment in a minute from one address is refused; another address still gets in."""
    client = leads_app(service_env("leads", PUBLIC_WRITE_LIMIT="2/minute")).test_client()
    one, other = {"X-Real-IP": "203.0.113.7"}, {"X-Real-IP": "203.0.113.8"}
    assert [client.post("/api/leads/assessments", json={}, headers=one).status_code for _ in range(2)] == [422, 422]
    refused = client.post("/api/leads/assessments", json={}, headers=one)
    assert refused.status_code == 429
    assert refused.get_json()["code"] == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert client.post("/api/leads/assessments", json={}, headers=other).status_code == 422


def test_the_newsletter_service_limits_sign_ups_but_not_its_webhook(service_env: Callable[..., dict[str, str]]) -> None:
    """Sign-ups beyond the limit get 429 while SendGrid's signed events are never counted."""
    client = newsletter_app(service_env("newsletter", PUBLIC_WRITE_LIMIT="1/minute")).test_client()
    client.post("/api/newsletter/subscriptions", json={})
    assert client.post("/api/newsletter/subscriptions", json={}).status_code == 429
    assert client.post("/webhooks/sendgrid", data=b"[]").status_code != 429
