"""Per-address rate limits where the writes are: one limiter for every app, counters in memory or Redis."""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Mapping

from flask import Flask, Response, render_template, request
from flask_limiter import ApplicationLimit, Limiter, RateLimitExceeded

from services.kit.config import BaseSettings, setting
from services.kit.error_pages import wants_page
from services.kit.errors import error_response

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Set by Caddy from the connection (or, behind a trusted proxy, from X-Forwarded-For). Believed because
# Caddy is every app's only peer: the apps listen on loopback or a private network behind it.
CLIENT_ADDRESS_HEADER = "X-Real-IP"


@dataclasses.dataclass(frozen=True)
class RateLimitSettings(BaseSettings):
    """Where counters live and how many writes an address may make."""

    storage_uri: str = setting("RATELIMIT_STORAGE_URI", "")
    redis_url: str = setting("REDIS_URL", "")
    # One prefix for every app, so with Redis the allowance is one per address across all services.
    key_prefix: str = setting("RATELIMIT_KEY_PREFIX", "clinic")
    public_write_limit: str = setting("PUBLIC_WRITE_LIMIT", "30/minute;300/hour")
    auth_limit: str = setting("AUTH_LIMIT", "10/minute")

    @property
    def storage(self) -> str:
        """Return the counters' store: the configured URI, else Redis when REDIS_URL is set, else memory."""
        return self.storage_uri or self.redis_url or "memory://"


def under(path: str, prefix: str) -> bool:
    """Tell whether `path` is `prefix` itself or lies below it, on a segment boundary."""
    return path == prefix or path.startswith(prefix + "/")


def client_address() -> str:
    """Key counters by the client's address as Caddy passed it on, else the peer's."""
    return request.headers.get(CLIENT_ADDRESS_HEADER) or request.remote_addr or "unknown"


def install_rate_limits(
    app: Flask,
    env: Mapping[str, str] | None = None,
    *,
    public_writes: tuple[str, ...] = (),
    sign_in: tuple[str, ...] = (),
) -> Limiter:
    """Limit writes under `public_writes` prefixes and to the exact `sign_in` paths; breaches answer 429."""
    settings = RateLimitSettings.from_env(env)
    limits: list[str | Callable[[], str] | ApplicationLimit] = []
    if public_writes:
        limits.append(
            ApplicationLimit(
                settings.public_write_limit,
                scope="public-write",
                methods=WRITE_METHODS,
                exempt_when=lambda: not any(under(request.path, prefix) for prefix in public_writes),
            )
        )
    if sign_in:
        limits.append(
            ApplicationLimit(
                settings.auth_limit,
                scope="staff-sign-in",
                methods=WRITE_METHODS,
                exempt_when=lambda: request.path not in sign_in,
            )
        )
    limiter = Limiter(
        client_address,
        app=app,
        storage_uri=settings.storage,
        key_prefix=settings.key_prefix,
        strategy="fixed-window",
        headers_enabled=False,
        # A Redis outage must not take the forms down: limits then hold per process until it returns.
        in_memory_fallback_enabled=True,
        swallow_errors=True,
        application_limits=limits,
    )

    @limiter.request_filter
    def _reads_are_never_limited() -> bool:
        return request.method not in WRITE_METHODS

    @app.errorhandler(RateLimitExceeded)
    def _too_many(_exc: RateLimitExceeded) -> Response:
        current = limiter.current_limit
        wait = 60
        if current is not None:
            window = current.limit.get_expiry()
            wait = min(window, max(1, math.ceil(current.reset_at - time.time())))
        if wants_page():
            # A visitor filling in a form (perhaps in distress) gets a page, not a JSON document.
            page = render_template("too_many.html", wait=wait)
            return Response(page, 429, {"Retry-After": str(wait), "Cache-Control": "no-store"}, mimetype="text/html")
        return error_response(
            429,
            "Too many requests from your address. Please wait a little and try again.",
            headers={"Retry-After": str(wait)},
        )

    return limiter
