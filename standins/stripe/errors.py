"""Stripe's error bodies, raised as exceptions and rendered by one handler."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

DOC_URL = "https://stripe.com/docs/error-codes/"


class StripeError(Exception):
    """An API error that renders as `{"error": {...}}` with Stripe's fields."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type_: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        decline_code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type_
        self.code = code
        self.param = param
        self.decline_code = decline_code
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        """Return the JSON body Stripe sends for this error."""
        error: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.code:
            error["code"] = self.code
            error["doc_url"] = DOC_URL + self.code.replace("_", "-")
        if self.param:
            error["param"] = self.param
        if self.decline_code:
            error["decline_code"] = self.decline_code
        return {"error": error}


def not_found(kind: str, object_id: str, param: str = "id") -> StripeError:
    """Return Stripe's answer for an unknown id: 404 in the path, 400 when a parameter refers to it."""
    status = 404 if param == "id" else 400
    return StripeError(status, f"No such {kind}: '{object_id}'", code="resource_missing", param=param)


def missing(param: str) -> StripeError:
    """Return the 400 for a required parameter that was not sent."""
    return StripeError(400, f"Missing required param: {param}.", code="parameter_missing", param=param)


def invalid(param: str, message: str, code: str | None = None) -> StripeError:
    """Return the 400 for a parameter with a bad value."""
    return StripeError(400, message, code=code, param=param)


def unknown(param: str) -> StripeError:
    """Return the 400 for a parameter the endpoint does not take."""
    return StripeError(400, f"Received unknown parameter: {param}", code="parameter_unknown", param=param)


def register_error_handlers(app: Flask) -> None:
    """Render StripeError and any HTTP error as Stripe's error body."""

    @app.errorhandler(StripeError)
    def _stripe_error(exc: StripeError):  # type: ignore[no-untyped-def]
        response = jsonify(exc.body())
        response.status_code = exc.status
        response.headers.update(exc.headers)
        return response

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        status = exc.code or 500
        if status == 404:
            message = "Unrecognized request URL. Please see https://stripe.com/docs."
        else:
            message = exc.description or exc.name
        type_ = "api_error" if status >= 500 else "invalid_request_error"
        response = jsonify(StripeError(status, message, type_=type_).body())
        response.status_code = status
        return response
