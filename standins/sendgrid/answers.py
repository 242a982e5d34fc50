"""Response bodies: SendGrid's error shape for /v3, the project's shape for /dev."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from flask import Response, jsonify, request

from standins.sendgrid.field_errors import FieldError

# The messages SendGrid's published spec gives for each status.
STATUS_MESSAGES = {
    400: "invalid request",
    401: "authorization required",
    403: "access forbidden",
    404: "not found",
    405: "method not allowed",
    413: "content too large",
    429: "too many requests",
    500: "internal server error",
    502: "bad gateway",
    503: "service unavailable",
    504: "gateway timeout",
}


def sendgrid_error(
    status: int,
    errors: list[FieldError] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Answer in SendGrid's `{"errors": [{"message", "field", "help"}]}` shape."""
    entries = errors or [FieldError(STATUS_MESSAGES.get(status, HTTPStatus(status).phrase.lower()))]
    response = jsonify({"errors": [entry.to_json() for entry in entries]})
    response.status_code = status
    response.headers.update(dict(headers or {}))
    return response


def dev_error(status: int, message: str, errors: Mapping[str, Any] | None = None) -> Response:
    """Answer a /dev call in the project's `{code, status, message, errors}` shape."""
    response = jsonify(
        {"code": status, "status": HTTPStatus(status).phrase, "message": message, "errors": dict(errors or {})}
    )
    response.status_code = status
    return response


def bearer_problem(api_key: str | None) -> Response | None:
    """Refuse a request without a Bearer key (or with the wrong one, when a key is configured)."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return sendgrid_error(401)
    if api_key is not None and not hmac.compare_digest(token.encode(), api_key.encode()):
        return sendgrid_error(
            401, [FieldError("The provided authorization grant is invalid, expired, or revoked", None)]
        )
    return None
