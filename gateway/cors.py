"""CORS for the clinic's own sites only: preflights answered here, other origins refused."""
from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.datastructures import Headers

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


CORS_LOWER = frozenset(name.lower() for name in CORS_RESPONSE_HEADERS)


def cors_marked(
    headers: list[tuple[str, str]], origin: str | None, allowed: frozenset[str], preflight: bool
) -> list[tuple[str, str]]:
    """Mark an answer for a cross-origin caller: the gateway's allowlist alone decides, and caches vary on Origin."""
    if not origin:
        return headers
    if not preflight:
        # Upstreams do not decide CORS; only the gateway's allowlist does.
        headers = [(key, value) for key, value in headers if key.lower() not in CORS_LOWER]
        if origin in allowed:
            headers += [("Access-Control-Allow-Origin", origin), ("Access-Control-Expose-Headers", EXPOSED_HEADERS)]
    vary = {part.strip().lower() for key, value in headers if key.lower() == "vary" for part in value.split(",")}
    if "origin" not in vary:
        headers.append(("Vary", "Origin"))
    return headers


def is_preflight() -> bool:
    """Tell whether the request is a browser's CORS preflight."""
    return (
        request.method == "OPTIONS" and "Origin" in request.headers
        and "Access-Control-Request-Method" in request.headers
    )


def allowed_origins(settings: GatewaySettings) -> frozenset[str]:
    """Return the origins whose pages may call the APIs."""
    return frozenset(origin.rstrip("/") for origin in settings.cors_origins)


def install_cors(app: Flask, settings: GatewaySettings) -> None:
    """Answer preflights before routing and mark allowed cross-origin answers after it."""
    allowed = allowed_origins(settings)

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
        if origin:
            response.headers = Headers(cors_marked(response.headers.to_wsgi_list(), origin, allowed, is_preflight()))
        return response
