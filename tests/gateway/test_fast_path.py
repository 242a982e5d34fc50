"""The fast path for plain reads answers exactly as the Flask path would, and takes only what it should."""
from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from werkzeug.test import Client, EnvironBuilder

from gateway.app import create_app
from gateway.fast_path import FastPath
from services.kit.jsonlog import JsonFormatter
from tests.support.servers import free_port

ALLOWED = "https://www.clinic.example"
FIXED_ID = "req-fastpath-0001"


@pytest.fixture
def app(gateway_env: Callable[..., dict[str, str]]) -> Flask:
    """A gateway app over the echo upstreams, with one unreachable service and a short read timeout."""
    return create_app(gateway_env(CORS_ORIGINS=ALLOWED, UPSTREAM_READ_TIMEOUT="0.5",
                                  BILLING_URL=f"http://127.0.0.1:{free_port()}"))


def fast_path(app: Flask) -> FastPath:
    """Return the app's fast path middleware."""
    assert isinstance(app.wsgi_app, FastPath)
    return app.wsgi_app


def both_paths(app: Flask, method: str, path: str, headers: dict[str, str]) -> tuple[object, object]:
    """Send the same request through the fast path and through the Flask path alone."""
    fast = fast_path(app)
    sent = {"X-Request-ID": FIXED_ID, **headers}
    quick = Client(fast).open(path, method=method, headers=sent)
    slow = Client(fast.flask_wsgi).open(path, method=method, headers=sent)
    return quick, slow


def comparable(headers: object) -> list[tuple[str, str]]:
    """Headers as a sorted list, names lowered; repeated ones (Set-Cookie) keep their order among themselves."""
    return sorted(((key.lower(), value) for key, value in headers), key=lambda item: item[0])  # type: ignore[attr-defined]


def without_peer(body: bytes) -> object:
    """An echo answer without the upstream-side port, which differs between any two connections."""
    try:
        seen = json.loads(body)
    except ValueError:
        return body
    if isinstance(seen, dict):
        seen.pop("peer_port", None)
    return seen


@pytest.mark.parametrize(("method", "path", "headers"), [
    ("GET", "/api/leads/anything?q=1&x=%2F", {"Accept": "application/json", "Cookie": "a=b"}),
    ("GET", "/api/leads/anything", {"X-Echo-Status": "418", "Connection": "X-Private", "X-Private": "1"}),
    ("GET", "/api/leads/anything", {"X-Echo-Status": "204"}),
    ("GET", "/api/leads/anything", {"X-Echo-Status": "304"}),
    ("GET", "/api/leads/hop", {}),
    ("GET", "/api/leads/gzip", {}),
    ("GET", "/api/leads/wildcard-cors", {"Origin": "https://evil.example"}),
    ("GET", "/api/newsletter/x", {"Origin": ALLOWED}),
    ("GET", "/api/leads/loose-csp", {}),
    ("GET", "/admin/newsletter/loose-csp", {}),
    ("HEAD", "/api/leads/large", {}),
    ("GET", "/api/leads/large?bytes=300000", {}),
    ("GET", "/api/leads/stream?bytes=200000", {}),
    ("GET", "/api/billing/anything", {"Origin": ALLOWED}),
    ("GET", "/api/leads/slow?seconds=2", {}),
])
def test_fast_and_flask_paths_answer_alike(app: Flask, method: str, path: str, headers: dict[str, str]) -> None:
    """Status, headers and body match on both paths: upstream answers, CORS, security headers, 502 and 504."""
    quick, slow = both_paths(app, method, path, headers)
    assert quick.status == slow.status  # type: ignore[attr-defined]
    assert comparable(quick.headers) == comparable(slow.headers)  # type: ignore[attr-defined]
    assert without_peer(quick.get_data()) == without_peer(slow.get_data())  # type: ignore[attr-defined]
    assert quick.headers["X-Request-ID"] == FIXED_ID  # type: ignore[attr-defined]


def environ(method: str, path: str, **extra: object) -> dict[str, object]:
    """Build a WSGI environ for `method` and `path`."""
    return EnvironBuilder(path=path, method=method, **extra).get_environ()  # type: ignore[arg-type]


@pytest.mark.parametrize(("method", "path", "extra", "taken"), [
    ("GET", "/api/leads/x", {}, True),
    ("HEAD", "/assessment", {}, True),
    ("GET", "/api/leads/x", {"data": b"body"}, False),
    ("GET", "/api/leads/x", {"headers": {"Transfer-Encoding": "chunked"}}, False),
    ("POST", "/api/leads/x", {}, False),
    ("OPTIONS", "/api/leads/x", {}, False),
    ("GET", "/", {}, False),
    ("GET", "/healthz", {}, False),
    ("GET", "/metrics", {}, False),
    ("GET", "/api/docs", {}, False),
    ("GET", "/staff/login", {}, False),
    ("GET", "/no/such/page", {}, False),
    ("GET", "/internal/events", {}, False),
    ("GET", "/api/leads/../../internal/events", {}, False),
    ("GET", "/api/leads//x", {}, False),
])
def test_the_fast_path_takes_only_bodiless_reads_of_upstream_paths(
    app: Flask, method: str, path: str, extra: dict[str, object], taken: bool
) -> None:
    """Writes, bodies, preflights, the gateway's own routes and unroutable paths stay on the Flask path."""
    assert (fast_path(app).upstream_for(environ(method, path, **extra)) is not None) is taken


@pytest.fixture
def access_lines(app: Flask) -> Iterator[io.StringIO]:
    """Capture the access log as the JSON lines the gateway writes."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("gateway"))
    logger = logging.getLogger("access")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(logging.NOTSET)


def test_fast_path_logs_and_counts_like_the_flask_path(app: Flask, access_lines: io.StringIO) -> None:
    """Each path writes one access line (path without query, request id) and counts under the proxy route."""
    both_paths(app, "GET", "/api/leads/x?email=a%40example.com", {})
    lines = [json.loads(line) for line in access_lines.getvalue().splitlines()]
    assert len(lines) == 2
    for line in lines:
        assert {key: line[key] for key in ("method", "path", "status", "request_id")} == {
            "method": "GET", "path": "/api/leads/x", "status": 200, "request_id": FIXED_ID,
        }
    assert "example.com" not in access_lines.getvalue()
    metrics = Client(app).get("/metrics").get_data(as_text=True)
    assert 'http_requests_total{method="GET",route="/<path:path>",service="gateway",status="200"} 2.0' in metrics
