"""Forward one request to its upstream over pooled keep-alive connections and stream the answer back."""
from __future__ import annotations

import logging
from collections.abc import Iterator
from types import TracebackType
from typing import Any
from urllib.parse import quote

from flask import Request, Response
from urllib3 import BaseHTTPResponse, HTTPConnectionPool, Timeout, connection_from_url
from urllib3.connectionpool import ConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    MaxRetryError,
    NewConnectionError,
    ReadTimeoutError,
)
from urllib3.util import SKIP_HEADER
from urllib3.util.retry import Retry
from werkzeug.datastructures import Headers

from gateway.forwarding import downstream_headers, upstream_request_headers
from gateway.routing import Upstream
from gateway.settings import GatewaySettings
from services.kit.errors import error_response

log = logging.getLogger("gateway.proxy")
CHUNK = 64 * 1024
# Answers this small are read whole, which hands the connection back to the pool before we reply.
BUFFER_UP_TO = 256 * 1024


class StaleConnectionRetry(Retry):
    """Retry an idempotent request once when a pooled connection turns out closed, never a timeout."""

    def increment(
        self, method: str | None = None, url: str | None = None, response: BaseHTTPResponse | None = None,
        error: Exception | None = None, _pool: ConnectionPool | None = None, _stacktrace: TracebackType | None = None,
    ) -> StaleConnectionRetry:
        """Give up at once on read timeouts: retrying a slow upstream only doubles the wait."""
        if isinstance(error, ReadTimeoutError):
            raise error
        return super().increment(method, url, response, error, _pool, _stacktrace)


RETRY = StaleConnectionRetry(total=1, connect=1, read=1, status=0, other=0, redirect=False, raise_on_status=False)


def raw_target(environ: dict[str, Any]) -> str:
    """Return the path and query exactly as the caller sent them."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI") or ""
    if raw.startswith("/"):
        return str(raw)
    path = quote(environ.get("PATH_INFO", "").encode("latin-1"), safe="/:@!$&'()*+,;=-._~")
    query = environ.get("QUERY_STRING", "")
    return path + ("?" + query if query else "")


def _timed_out(exc: Exception) -> bool:
    """Tell a timeout (504) from a refused or broken connection (502)."""
    reason = exc.reason if isinstance(exc, MaxRetryError) else exc
    # urllib3 derives NewConnectionError (refused, unreachable) from ConnectTimeoutError; it is no timeout.
    return isinstance(reason, ReadTimeoutError | ConnectTimeoutError) and not isinstance(reason, NewConnectionError)


class Proxy:
    """Forward requests with the gateway's timeouts; failures become 502 or 504 in the error shape.

    One urllib3 connection pool per upstream, shared by a process's threads: the same pool `requests`
    would use underneath, without its per-call session, cookie and environment merging, which cost
    more than the forwarding itself.
    """

    def __init__(self, settings: GatewaySettings):
        self.timeout = Timeout(connect=settings.upstream_connect_timeout, read=settings.upstream_read_timeout)
        self.pool_size = settings.upstream_pool_size
        self.trusted_proxies = settings.trusted_proxies
        self.pools: dict[str, HTTPConnectionPool] = {}

    def pool_for(self, upstream: Upstream) -> HTTPConnectionPool:
        """Return the keep-alive pool of `upstream`, made on first use."""
        pool = self.pools.get(upstream.base_url)
        if pool is None:
            made = connection_from_url(upstream.base_url, maxsize=self.pool_size, block=False, timeout=self.timeout)
            pool = self.pools.setdefault(upstream.base_url, made)  # type: ignore[arg-type]
        return pool

    def forward(self, upstream: Upstream, request: Request, body: bytes, request_id: str) -> Response:
        """Send `request` (its body already read as `body`) to `upstream` and relay the answer."""
        headers = upstream_request_headers(request, request_id, self.trusted_proxies)
        headers.setdefault("User-Agent", SKIP_HEADER)  # add nothing the caller did not send
        try:
            answer = self.pool_for(upstream).urlopen(
                request.method, raw_target(request.environ), body=body or None, headers=headers, retries=RETRY,
                redirect=False, assert_same_host=False, preload_content=False, decode_content=False,
            )
        except (HTTPError, OSError) as exc:
            if _timed_out(exc):
                log.warning("upstream timed out", extra={"upstream": upstream.name})
                return error_response(504, f"The {upstream.name} service took too long to answer. Please try again.")
            log.warning("upstream unreachable", extra={"upstream": upstream.name, "error": type(exc).__name__})
            return error_response(502, f"The {upstream.name} service is not answering. Please try again shortly.")
        return relay(answer, upstream.name)


def relay(answer: BaseHTTPResponse, name: str) -> Response:
    """Turn the upstream's answer into ours, bytes untouched (compressed bodies stay compressed)."""
    headers = Headers(downstream_headers(answer.headers.items(), answer.headers.get("Connection")))
    length = answer.headers.get("Content-Length")
    if length is not None and length.isdigit() and int(length) <= BUFFER_UP_TO:
        try:
            body: Any = answer.read(decode_content=False)
        except (HTTPError, OSError):
            log.warning("upstream answer cut short", extra={"upstream": name})
            return error_response(502, f"The {name} service's answer was cut short. Please try again.")
    else:
        body = _stream(answer, name)
    response = Response(body, status=answer.status)
    # Replace wholesale: Flask's defaults (a Content-Type, a recomputed length) must not mask the upstream's.
    response.headers = headers
    return response


def _stream(answer: BaseHTTPResponse, name: str) -> Iterator[bytes]:
    """Yield the upstream body as it arrives; drop the connection if either side gives up midway."""
    finished = False
    try:
        yield from answer.stream(CHUNK, decode_content=False)
        finished = True
    except (HTTPError, OSError):
        log.warning("upstream stream broke off", extra={"upstream": name})
        raise
    finally:
        if not finished:
            answer.close()
        answer.release_conn()
