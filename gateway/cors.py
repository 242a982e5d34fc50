"""CORS for the clinic's own sites only: preflights answered here, other origins refused."""
from __future__ import annotations

from flask import Flask, Response, request

from gateway.settings import GatewaySettings
from services.kit.errors import error_response

ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE"
ALLOWED_HEADERS = "Content-Type, Idempotency-Key, Authorization"
EXPOSED_HEADERS = "X-Request-ID, Retry-After"
MAX_AGE = "600"
CORS_RESPONSE_HEADERS = (
    "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods",
    "Access-Control-Allow-Headers", "Access-Control-Expose-Headers", "Access-Control-Max-Age",
)


def _add_vary_origin(response: Response) -> None:
    """Tell caches the answer depends on the caller's origin."""
    if "origin" not in {v.strip().lower() for v in response.headers.get("Vary", "").split(",")}:
        response.headers.add("Vary", "Origin")


def is_preflight() -> bool:
    """Tell whether the request is a browser's CORS preflight."""
    return (
        request.method == "OPTIONS" and "Origin" in request.headers
        and "Access-Control-Request-Method" in request.headers
    )


def install_cors(app: Flask, settings: GatewaySettings) -> None:
    """Answer preflights before routing and mark allowed cross-origin answers after it."""
    allowed = frozenset(origin.rstrip("/") for origin in settings.cors_origins)

    @app.before_request
    def _preflight() -> Response | None:
        if not is_preflight():
            return None
        origin = request.headers["Origin"]
        if origin not in allowed:
            return error_response(403, "This origin may not call the clinic's APIs.")
        response = Response(status=204)
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = MAX_AGE
        return response

    @app.after_request
    def _mark(response: Response) -> Response:
        origin = request.headers.get("Origin")
        if not origin:
            return response
        if not is_preflight():
            # Upstreams do not decide CORS; only the gateway's allowlist does.
            for name in CORS_RESPONSE_HEADERS:
                response.headers.pop(name, None)
            if origin in allowed:
                response.headers["Access-Control-Allow-Origin"] = origin
                response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        _add_vary_origin(response)
        return response
