"""Forward one request to its upstream over pooled keep-alive connections and hand back the answer."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from flask import Response
from werkzeug.datastructures import Headers

from gateway.forwarding import downstream_headers, upstream_request_headers
from gateway.routing import Upstream
from gateway.settings import GatewaySettings
from gateway.upstream_client import Answer, MalformedRequest, UpstreamError, UpstreamPool
from services.kit.errors import error_response

log = logging.getLogger("gateway.proxy")


@dataclass(frozen=True, slots=True)
class Failure:
    """Why forwarding failed, as the status and message the caller gets in the error shape."""

    status: int
    message: str


def raw_target(environ: dict[str, Any]) -> str:
    """Return the path and query exactly as the caller sent them."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI") or ""
    if raw.startswith("/"):
        return str(raw)
    path = quote(environ.get("PATH_INFO", "").encode("latin-1"), safe="/:@!$&'()*+,;=-._~")
    query = environ.get("QUERY_STRING", "")
    return path + ("?" + query if query else "")


class Proxy:
    """Forward requests with the gateway's timeouts; failures become 502 or 504 in the error shape.

    One pool of keep-alive connections per upstream, shared by a process's threads.
    """

    def __init__(self, settings: GatewaySettings):
        self.connect_timeout = settings.upstream_connect_timeout
        self.read_timeout = settings.upstream_read_timeout
        self.pool_size = settings.upstream_pool_size
        self.trusted_proxies = settings.trusted_proxies
        self.pools: dict[str, UpstreamPool] = {}

    def pool_for(self, upstream: Upstream) -> UpstreamPool:
        """Return the keep-alive pool of `upstream`, made on first use."""
        pool = self.pools.get(upstream.base_url)
        if pool is None:
            made = UpstreamPool(upstream.name, upstream.base_url, self.pool_size, self.connect_timeout,
                                self.read_timeout)
            pool = self.pools.setdefault(upstream.base_url, made)
        return pool

    def forward(self, upstream: Upstream, environ: dict[str, Any], body: bytes, request_id: str) -> Answer | Failure:
        """Send the request `environ` describes (its body already read as `body`) to `upstream`."""
        headers = upstream_request_headers(environ, request_id, self.trusted_proxies)
        name = upstream.name
        try:
            answer = self.pool_for(upstream).send(environ["REQUEST_METHOD"], raw_target(environ), headers, body)
        except MalformedRequest:
            return Failure(400, "The request has a malformed header.")
        except UpstreamError as exc:
            if exc.in_body:
                log.warning("upstream answer cut short", extra={"upstream": name})
                return Failure(502, f"The {name} service's answer was cut short. Please try again.")
            if exc.timed_out:
                log.warning("upstream timed out", extra={"upstream": name})
                return Failure(504, f"The {name} service took too long to answer. Please try again.")
            log.warning("upstream unreachable", extra={"upstream": name, "error": str(exc)})
            return Failure(502, f"The {name} service is not answering. Please try again shortly.")
        connection = next((value for key, value in answer.headers if key.lower() == "connection"), None)
        answer.headers = downstream_headers(answer.headers, connection)
        return answer


def relay(result: Answer | Failure) -> Response:
    """Turn the upstream's answer, or the failure to get one, into a Flask response; bytes untouched."""
    if isinstance(result, Failure):
        return error_response(result.status, result.message)
    # Never a list: werkzeug would then add a Content-Length the upstream did not send (to HEAD answers too).
    body = iter((result.body,)) if isinstance(result.body, bytes) else result.body
    response = Response(body, status=result.status)
    # Replace wholesale: Flask's defaults (a Content-Type, a recomputed length) must not mask the upstream's.
    response.headers = Headers(result.headers)
    return response
