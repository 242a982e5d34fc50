"""Per-address rate limits on public writes and staff sign-in; counters in memory or Redis."""
from __future__ import annotations

import math
import time

from flask import Flask, Response, render_template, request
from flask_limiter import ApplicationLimit, Limiter, RateLimitExceeded

from gateway.routing import under
from gateway.settings import GatewaySettings
from services.kit.errors import error_response

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# What a visitor can submit without signing in; webhooks are signed by their providers and never limited.
PUBLIC_WRITE_PREFIXES = (
    "/api/leads", "/api/newsletter", "/api/billing", "/assessment", "/newsletter", "/contact", "/membership",
    "/billing", "/waitlist", "/leads", "/consultation",
)
SIGN_IN_PATHS = ("/auth/token", "/staff/login")


def is_public_write(path: str) -> bool:
    """Tell whether `path` takes writes from the public."""
    return any(under(path, prefix) for prefix in PUBLIC_WRITE_PREFIXES)


def is_sign_in(path: str) -> bool:
    """Tell whether `path` checks staff credentials."""
    return path in SIGN_IN_PATHS


def client_address() -> str:
    """Key counters by the caller's address (already the real client's when trusted proxies are set)."""
    return request.remote_addr or "unknown"


def wants_page() -> bool:
    """Tell whether the caller is a browser submitting a page's form rather than a script calling an API."""
    if request.path.startswith("/api/"):
        return False
    accepted = request.accept_mimetypes
    return accepted.best_match(["application/json", "text/html"]) == "text/html" and accepted["text/html"] > 0


def install_rate_limits(app: Flask, settings: GatewaySettings) -> Limiter:
    """Attach the limiter and answer breaches with 429 and Retry-After in the error shape."""
    limiter = Limiter(
        client_address,
        app=app,
        storage_uri=settings.ratelimit_storage_uri,
        key_prefix=settings.ratelimit_key_prefix,
        strategy="fixed-window",
        headers_enabled=False,
        # A Redis outage must not take the forms down: limits then hold per process until it returns.
        in_memory_fallback_enabled=True,
        swallow_errors=True,
        application_limits=[
            ApplicationLimit(
                settings.public_write_limit, scope="public-write", methods=WRITE_METHODS,
                exempt_when=lambda: not is_public_write(request.path),
            ),
            ApplicationLimit(
                settings.auth_limit, scope="staff-sign-in", methods=WRITE_METHODS,
                exempt_when=lambda: not is_sign_in(request.path),
            ),
        ],
    )

    @limiter.request_filter
    def _reads_are_never_limited() -> bool:
        # Settles most requests before the limiter resolves any limit, which costs more than proxying them.
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
            return Response(page, 429, {"Retry-After": str(wait)}, mimetype="text/html")
        return error_response(
            429, "Too many requests from your address. Please wait a little and try again.",
            headers={"Retry-After": str(wait)},
        )

    return limiter
