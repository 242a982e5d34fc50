"""Bodiless GET and HEAD requests for an upstream, forwarded without Flask's per-request machinery.

Everything else (the gateway's own pages, writes, preflights, bodies, anything odd) goes on to the Flask
app. What a proxied answer carries is decided by the same functions on both paths: request headers
(gateway.forwarding), CORS (gateway.cors), security headers (gateway.security_headers), the request id
and access log line and metrics of services.kit.request_context, and errors in services.kit.errors' shape.
"""
from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from flask import Flask
from werkzeug.http import remove_entity_headers
from werkzeug.urls import iri_to_uri
from werkzeug.wrappers import Response

from gateway.cors import cors_marked
from gateway.proxy import Failure, Proxy
from gateway.routing import RoutingTable, Upstream, under
from gateway.security_headers import SecurityStamp
from gateway.upstream_client import Answer
from services.kit.errors import error_response
from services.kit.jsonlog import request_id_var, subject_var
from services.kit.metrics import Metrics
from services.kit.request_context import _VALID_ID

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
PROXY_ROUTE = "/<path:path>"
FAST_METHODS = ("GET", "HEAD")
# werkzeug rewrites these as URIs (and under these names) on every answer it sends.
URL_HEADERS = {"location": "Location", "content-location": "Content-Location"}
access_log = logging.getLogger("access")
log = logging.getLogger("gateway.fast_path")


def request_id_for(environ: dict[str, Any]) -> str:
    """Take a well-formed X-Request-ID from the caller or make a new one, as the Flask path does."""
    given = environ.get("HTTP_X_REQUEST_ID", "")
    return given if _VALID_ID.match(given) else uuid.uuid4().hex


@lru_cache(maxsize=128)
def status_line(code: int) -> str:
    """Write the status line werkzeug writes for `code`."""
    return Response(status=code).status


def claimed_prefixes(app: Flask, table: RoutingTable) -> tuple[str, ...]:
    """List the literal starts of the gateway's own routes that lie inside an upstream's paths."""
    claimed = []
    for rule in app.url_map.iter_rules():
        literal = rule.rule.split("<", 1)[0].rstrip("/")
        if rule.endpoint != "proxy" and literal and table.resolve(literal) is not None:
            claimed.append(literal)
    return tuple(claimed)


class FastPath:
    """WSGI middleware: proxy plain reads straight away, hand everything else to `flask_wsgi`."""

    def __init__(self, app: Flask, flask_wsgi: WSGIApp, proxy: Proxy, table: RoutingTable, metrics: Metrics,
                 stamp: SecurityStamp, allowed_origins: frozenset[str]):
        self.app = app
        self.flask_wsgi = flask_wsgi
        self.proxy = proxy
        self.table = table
        self.metrics = metrics
        self.stamp = stamp
        self.allowed_origins = allowed_origins
        self.claimed = claimed_prefixes(app, table)

    def upstream_for(self, environ: dict[str, Any]) -> tuple[Upstream, str] | None:
        """Return the upstream and decoded path when the request is one the fast path takes."""
        if environ["REQUEST_METHOD"] not in FAST_METHODS or environ.get("CONTENT_LENGTH", "0") not in ("", "0"):
            return None
        raw = environ.get("PATH_INFO", "")
        if "HTTP_TRANSFER_ENCODING" in environ or not raw.startswith("/") or "//" in raw:
            return None  # bodies, and paths Flask's router would redirect or rewrite, stay on the Flask path
        path = raw.encode("latin-1").decode("utf-8", "replace")
        upstream = self.table.resolve(path)
        if upstream is None or any(under(path, prefix) for prefix in self.claimed):
            return None
        return upstream, path

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        """Answer one request."""
        routed = self.upstream_for(environ)
        if routed is None:
            return self.flask_wsgi(environ, start_response)
        upstream, path = routed
        started = time.perf_counter()
        request_id = request_id_for(environ)
        request_id_var.set(request_id)
        subject_var.set(None)
        try:
            result: Answer | Failure = self.proxy.forward(upstream, environ, b"", request_id)
        except Exception:  # noqa: BLE001 - answered in the error shape, as Flask's handler would
            log.exception("unhandled error")
            result = Failure(500, "Something went wrong on our side. Please try again.")
        status, headers, body = self.shape(result)
        headers = cors_marked(headers, environ.get("HTTP_ORIGIN"), self.allowed_origins, False)
        headers = self.stamp.apply(headers, path)
        headers = [item for item in headers if item[0].lower() != "x-request-id"]
        headers.append(("X-Request-ID", request_id))
        method = environ["REQUEST_METHOD"]
        elapsed = time.perf_counter() - started
        self.metrics.observe_request(method, PROXY_ROUTE, status, elapsed)
        access_log.info("request", extra={
            "method": method, "path": path, "status": status, "duration_ms": round(elapsed * 1000, 2),
        })
        start_response(status_line(status), headers)
        if method == "HEAD" or status < 200 or status in (204, 304):
            if hasattr(body, "close"):
                body.close()
            return []
        return [body] if isinstance(body, bytes) else body

    def shape(self, result: Answer | Failure) -> tuple[int, list[tuple[str, str]], Any]:
        """Give the status, headers and body a werkzeug response of `result` would send."""
        if isinstance(result, Failure):
            with self.app.app_context():
                response = error_response(result.status, result.message)
            return response.status_code, response.headers.to_wsgi_list(), response.get_data()
        status, headers = result.status, result.headers
        if 100 <= status < 200 or status == 204:
            headers = [item for item in headers if item[0].lower() != "content-length"]
        elif status == 304:
            remove_entity_headers(headers)
        for index, (key, value) in enumerate(headers):
            if key.lower() in URL_HEADERS:
                headers[index] = (URL_HEADERS[key.lower()], iri_to_uri(value))
        return status, headers, result.body
