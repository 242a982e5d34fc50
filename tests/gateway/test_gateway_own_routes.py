"""What the gateway answers itself: health, API docs, the landing page, metrics, and what it never exposes."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
import requests

from gateway.app import create_app
from services.kit.config import ConfigError
from tests.gateway.conftest import Gateway
from tests.gateway.echo_upstream import echo_app
from tests.support.servers import ThreadServer, free_port
from tests.support.waiting import wait_until


def test_healthz_is_200_with_each_service_when_all_are_up(gateway: Gateway) -> None:
    """All three services up: 200, status up, and each one's own report with its status code."""
    answer = requests.get(gateway.url + "/healthz", timeout=10)
    assert answer.status_code == 200
    report = answer.json()
    assert report["status"] == "up"
    assert set(report["services"]) == {"leads", "billing", "newsletter"}
    assert report["services"]["billing"] == {"status_code": 200, "service": "billing", "status": "up"}


def test_healthz_is_503_when_a_service_is_down_or_unhealthy(start_gateway: Callable[..., Gateway]) -> None:
    """One service unreachable and another unhealthy: 503 with the detail for each."""
    with ThreadServer(echo_app("newsletter", health_status=503)) as sick:
        gateway = start_gateway(BILLING_URL=f"http://127.0.0.1:{free_port()}", NEWSLETTER_URL=sick.url)
        answer = requests.get(gateway.url + "/healthz", timeout=10)
    assert answer.status_code == 503
    report = answer.json()
    assert report["status"] == "down"
    assert report["services"]["leads"]["status_code"] == 200
    assert report["services"]["billing"]["status_code"] is None
    assert report["services"]["billing"]["status"] == "down"
    assert "unreachable" in report["services"]["billing"]["error"]
    assert report["services"]["newsletter"] == {"status_code": 503, "service": "newsletter", "status": "down"}


def test_api_docs_index_links_every_service_document(gateway: Gateway) -> None:
    """/api/docs is a page listing each service's operations and linking its OpenAPI document."""
    page = requests.get(gateway.url + "/api/docs", timeout=10)
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    for name in ("leads", "billing", "newsletter"):
        assert f'href="/api/docs/{name}.json"' in page.text
        assert f"/api/{name}/things" in page.text
    assert 'href="/api/docs/gateway.json"' in page.text
    assert "/auth/token" in page.text


def test_the_gateway_documents_its_own_api(gateway: Gateway) -> None:
    """Staff sign-in for API clients and session renewal are in the gateway's own OpenAPI document."""
    for address in ("/api/gateway/openapi.json", "/api/docs/gateway.json"):
        document = requests.get(gateway.url + address, timeout=10).json()
        assert document["info"]["title"] == "Gateway API"
        assert {"/auth/token", "/staff/session/renew"} <= set(document["paths"])


def test_api_docs_serve_each_service_document(gateway: Gateway) -> None:
    """Each service's OpenAPI document is served as that service publishes it; unknown names are 404."""
    document = requests.get(gateway.url + "/api/docs/billing.json", timeout=10)
    assert document.status_code == 200
    assert document.json()["info"]["title"] == "Billing API"
    assert document.json()["openapi"].startswith("3.")
    assert requests.get(gateway.url + "/api/docs/stripe.json", timeout=10).status_code == 404


def test_landing_page_speaks_to_visitors_and_links_the_three_doors(gateway: Gateway) -> None:
    """The landing page offers the assessment, the newsletter and the membership, with crisis lines."""
    page = requests.get(gateway.url + "/", timeout=10)
    assert page.status_code == 200
    text = page.text
    assert "See If You Qualify — Free Assessment" in text
    assert "Schedule a free consultation" in text
    assert "Starting at $250/month" in text
    assert "Stay Informed" in text
    assert "postpartum depression" in text
    assert "Florida (all 67 counties) and New Jersey (all 21 counties)" in text
    for link in (
        'href="/assessment"',
        'href="/consultation"',
        'href="/newsletter"',
        'href="/membership"',
        'href="/contact"',
        'href="tel:988"',
        'href="/assets/site.css"',
    ):
        assert link in text
    # Only the site's own address (canonical, Open Graph, JSON-LD) and schema.org's vocabulary name are absolute.
    own = text.replace("http://127.0.0.1:8000", "").replace('"https://schema.org"', "")
    assert "http://" not in own and "https://" not in own


def test_stylesheet_is_served_from_assets(gateway: Gateway) -> None:
    """The shared stylesheet is served under /assets as CSS."""
    answer = requests.get(gateway.url + "/assets/site.css", timeout=10)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/css")
    assert ".button" in answer.text


def test_caddy_metrics_count_proxied_requests(gateway: Gateway) -> None:
    """Caddy's admin endpoint exposes its request counters in Prometheus format; the public side does not."""
    requests.get(gateway.url + "/api/leads/x", timeout=10)
    metrics = requests.get(gateway.caddy.admin_url + "/metrics", timeout=10)
    assert metrics.status_code == 200
    assert "caddy_http_requests_total" in metrics.text
    assert 'caddy_http_request_duration_seconds_count{code="200",' in metrics.text


def test_the_gateway_app_counts_its_own_requests(gateway: Gateway) -> None:
    """The gateway app's /metrics counts the requests it answered itself, behind Caddy."""
    requests.get(gateway.url + "/healthz", timeout=10)
    metrics = requests.get(gateway.url + "/metrics", timeout=10)
    assert 'http_requests_total{method="GET",route="/healthz",service="gateway",status="200"}' in metrics.text


def test_access_lines_are_json_without_queries(gateway: Gateway) -> None:
    """Caddy writes one JSON line per request with path, status and request id, never the query or cookies."""
    requests.get(
        gateway.url + "/api/leads/x?email=ana@example.com",
        headers={"Cookie": "staff_token=secret", "X-Request-ID": "req-log-12345"},
        timeout=10,
    )

    def logged() -> list[dict]:
        """The access lines of that request, once Caddy has written them (just after answering)."""
        lines = [json.loads(line) for line in gateway.caddy.log_path.read_text().splitlines() if line.startswith("{")]
        return [line for line in lines if line.get("request_id") == "req-log-12345"]

    access = wait_until(logged, timeout=5)
    assert access[0]["request"]["uri"] == "/api/leads/x"
    assert access[0]["status"] == 200
    text = gateway.caddy.log_path.read_text()
    assert "ana@example.com" not in text and "secret" not in text


@pytest.mark.parametrize("path", ["/internal/events", "/internal", "/internal/events/../x", "/nowhere", "/api/other"])
def test_unrouted_and_internal_paths_are_404(gateway: Gateway, path: str) -> None:
    """Service-to-service endpoints and unknown paths answer 404 in the error shape, for any method."""
    for method in ("GET", "POST"):
        answer = requests.request(method, gateway.url + path, timeout=10)
        assert answer.status_code == 404
        assert answer.json()["code"] == 404


def test_dev_stand_in_routes_exist_only_when_configured(start_gateway: Callable[..., Gateway]) -> None:
    """/dev/mail reaches the SendGrid stand-in when its URL is set, and is 404 otherwise."""
    with ThreadServer(echo_app("sendgrid-standin")) as standin:
        configured = start_gateway(SENDGRID_STANDIN_URL=standin.url)
        assert requests.get(configured.url + "/dev/mail", timeout=10).json()["service"] == "sendgrid-standin"
    assert requests.get(start_gateway().url + "/dev/mail", timeout=10).status_code == 404


@pytest.mark.parametrize("missing", ["LEADS_URL", "BILLING_URL", "NEWSLETTER_URL"])
def test_the_gateway_refuses_to_start_without_its_upstream_urls(
    gateway_env: Callable[..., dict[str, str]], missing: str
) -> None:
    """Leaving out any service URL stops the gateway at start-up, naming what is missing."""
    env = gateway_env()
    del env[missing]
    with pytest.raises(ConfigError, match=missing):
        create_app(env)


def test_production_refuses_the_provider_stand_ins(production_env: Callable[..., dict[str, str]]) -> None:
    """A production configuration that points at a stand-in does not start."""
    with pytest.raises(ConfigError, match="stand-ins"):
        create_app(production_env(SENDGRID_STANDIN_URL="http://127.0.0.1:1"))
