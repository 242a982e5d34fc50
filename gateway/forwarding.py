"""Headers across the hop: strip connection-scoped ones both ways, add X-Forwarded-* and the request id."""
from __future__ import annotations

from collections.abc import Iterable

from flask import Request

# RFC 9110 §7.6.1 connection-specific fields, plus the legacy proxy ones every proxy also drops.
HOP_BY_HOP = frozenset({
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
    "te", "trailer", "trailers", "transfer-encoding", "upgrade",
})
# The gateway sets these itself; a caller's copies would lie to the upstream. Expect is settled here:
# the body is already read in full before the upstream is called.
REPLACED_ON_REQUEST = frozenset({
    "host", "content-length", "expect", "x-request-id", "x-forwarded-for", "x-forwarded-proto",
    "x-forwarded-host", "forwarded", "x-real-ip",
})
# The gateway's own server writes these; passing the upstream's would duplicate them.
REPLACED_ON_RESPONSE = frozenset({"date", "server"})


def connection_tokens(value: str | None) -> set[str]:
    """Name the extra headers a Connection header declares hop-by-hop."""
    return {token.strip().lower() for token in (value or "").split(",") if token.strip()}


def upstream_request_headers(request: Request, request_id: str, trusted_proxies: int) -> dict[str, str]:
    """Copy the caller's end-to-end headers and describe the original request to the upstream."""
    drop = HOP_BY_HOP | REPLACED_ON_REQUEST | connection_tokens(request.headers.get("Connection"))
    headers = {key: value for key, value in request.headers.items() if key.lower() not in drop}
    environ = request.environ
    original = environ.get("werkzeug.proxy_fix.orig", {})
    peer = original.get("REMOTE_ADDR", environ.get("REMOTE_ADDR", ""))
    # Only a chain that came through our own trusted proxies is worth passing on; otherwise it is the
    # caller's word and the upstream must see the address we actually saw.
    chain = request.headers.get("X-Forwarded-For", "") if trusted_proxies else ""
    headers["X-Forwarded-For"] = f"{chain}, {peer}" if chain else peer
    headers["X-Forwarded-Proto"] = request.scheme
    headers["X-Forwarded-Host"] = request.host
    headers["X-Request-ID"] = request_id
    return headers


def downstream_headers(items: Iterable[tuple[str, str]], connection: str | None) -> list[tuple[str, str]]:
    """Keep the upstream answer's end-to-end headers, repeated ones (Set-Cookie) included."""
    drop = HOP_BY_HOP | REPLACED_ON_RESPONSE | connection_tokens(connection)
    return [(key, value) for key, value in items if key.lower() not in drop]
