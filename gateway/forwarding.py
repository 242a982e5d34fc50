"""Headers across the hop: strip connection-scoped ones both ways, add X-Forwarded-* and the request id."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from werkzeug.sansio.utils import get_host

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
RESPONSE_DROPPED = HOP_BY_HOP | REPLACED_ON_RESPONSE
ALWAYS_DROPPED = HOP_BY_HOP | REPLACED_ON_REQUEST
# WSGI keeps these two out of HTTP_*; every other request header arrives as HTTP_<NAME>.
CONTENT_HEADERS = (("CONTENT_TYPE", "Content-Type"), ("CONTENT_LENGTH", "Content-Length"))


def connection_tokens(value: str | None) -> set[str]:
    """Name the extra headers a Connection header declares hop-by-hop."""
    return {token.strip().lower() for token in (value or "").split(",") if token.strip()}


def request_host(environ: dict[str, Any]) -> str:
    """Return the host the caller asked for, as Flask's `request.host` gives it."""
    host = environ.get("HTTP_HOST")
    server = None
    if host is None and environ.get("SERVER_NAME"):
        port = str(environ.get("SERVER_PORT", ""))
        server = (environ["SERVER_NAME"], int(port) if port.isdigit() else None)
    return get_host(environ["wsgi.url_scheme"], host, server)


def upstream_request_headers(environ: dict[str, Any], request_id: str, trusted_proxies: int) -> list[tuple[str, str]]:
    """Copy the caller's end-to-end headers and describe the original request to the upstream."""
    connection = environ.get("HTTP_CONNECTION")
    drop = ALWAYS_DROPPED | connection_tokens(connection) if connection else ALWAYS_DROPPED
    headers = []
    for key, value in environ.items():
        if key.startswith("HTTP_") and key not in ("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"):
            name = key[5:].replace("_", "-")
            if name.lower() not in drop:
                headers.append((name.title(), value))
    headers.extend(
        (name, environ[key]) for key, name in CONTENT_HEADERS if environ.get(key) and name.lower() not in drop
    )
    original = environ.get("werkzeug.proxy_fix.orig", {})
    peer = original.get("REMOTE_ADDR", environ.get("REMOTE_ADDR", ""))
    # Only a chain that came through our own trusted proxies is worth passing on; otherwise it is the
    # caller's word and the upstream must see the address we actually saw.
    chain = environ.get("HTTP_X_FORWARDED_FOR", "") if trusted_proxies else ""
    headers.append(("X-Forwarded-For", f"{chain}, {peer}" if chain else peer))
    headers.append(("X-Forwarded-Proto", environ["wsgi.url_scheme"]))
    headers.append(("X-Forwarded-Host", request_host(environ)))
    headers.append(("X-Request-ID", request_id))
    return headers


def downstream_headers(items: Iterable[tuple[str, str]], connection: str | None) -> list[tuple[str, str]]:
    """Keep the upstream answer's end-to-end headers, repeated ones (Set-Cookie) included."""
    drop = HOP_BY_HOP | REPLACED_ON_RESPONSE | connection_tokens(connection) if connection else RESPONSE_DROPPED
    return [(key, value) for key, value in items if key.lower() not in drop]
