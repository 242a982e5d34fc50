"""Body-size limits by kind of path: small for public forms and APIs, larger for webhooks and staff uploads."""
from __future__ import annotations

from typing import NoReturn

from flask import Flask, abort, g, request

from gateway.routing import under
from gateway.settings import GatewaySettings

STAFF_PREFIXES = ("/admin", "/staff")


def body_limit_for(path: str, settings: GatewaySettings) -> int:
    """Return the largest body, in bytes, the gateway accepts on `path`."""
    if under(path, "/webhooks"):
        return settings.webhook_body_limit
    if under(path, "/admin/newsletter"):
        return settings.newsletter_admin_body_limit  # campaign Markdown and subscriber CSV imports
    if any(under(path, prefix) for prefix in STAFF_PREFIXES):
        return settings.staff_body_limit
    return settings.public_body_limit


def describe(size: int) -> str:
    """Write a byte count the way people read it."""
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MiB"
    if size >= 1024 and size % 1024 == 0:
        return f"{size // 1024} KiB"
    return f"{size} bytes"


def _refuse(limit: int) -> NoReturn:
    """Answer 413, naming the limit."""
    abort(413, f"The request body is larger than this address accepts ({describe(limit)}).")


def read_body() -> bytes:
    """Read the raw body, never parsed as a form; refuse it if it outgrew the limit while arriving."""
    body = request.get_data(cache=False)
    limit = g.get("body_limit")
    if limit is not None and len(body) > limit:
        _refuse(limit)
    return body


def install_body_limits(app: Flask, settings: GatewaySettings) -> None:
    """Refuse declared oversize bodies with 413 before reading; cap undeclared (chunked) ones while reading."""

    @app.before_request
    def _limit_body() -> None:
        limit = body_limit_for(request.path, settings)
        g.body_limit = limit
        # One byte of slack lets read_body tell a chunked body at the limit from one beyond it; werkzeug
        # silently truncates a chunked stream at max_content_length instead of refusing it.
        request.max_content_length = limit + 1
        if request.content_length is not None and request.content_length > limit:
            _refuse(limit)
