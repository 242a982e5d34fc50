"""One JSON error shape for every service and the gateway: {code, status, message, errors}."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, jsonify
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException

from services.kit.error_pages import error_page, has_page, wants_page

log = logging.getLogger("errors")

# A lost or restarting database is a pause, not a bug: the caller is told nothing was kept and to retry.
DATABASE_UNAVAILABLE = "We could not reach our records just now, so nothing was saved. Please try again in a minute."
DATABASE_RETRY_AFTER = "5"


def error_body(code: int, message: str | None = None, errors: Any = None) -> dict[str, Any]:
    """Build the error body for an HTTP status."""
    status = HTTPStatus(code)
    return {"code": code, "status": status.phrase, "message": message or status.description, "errors": errors or {}}


def error_response(
    code: int, message: str | None = None, errors: Any = None, headers: dict[str, str] | None = None
) -> Response:
    """Build a JSON error response."""
    response = jsonify(error_body(code, message, errors))
    response.status_code = code
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _from_http_exception(exc: HTTPException) -> Response:
    """Render any werkzeug/flask-smorest HTTP error in our shape, keeping its headers."""
    code = exc.code or 500
    data = getattr(exc, "data", None) or {}
    errors = data.get("messages") or data.get("errors")
    message = data.get("message") or (exc.description if exc.description else None)
    if code == 422 and not data.get("message"):
        message = "The request has invalid fields."
    response = error_response(code, message, errors)
    for key, value in (data.get("headers") or {}).items():
        response.headers[key] = value
    original = exc.get_response()
    for key in ("Allow", "Retry-After", "WWW-Authenticate"):
        if key in original.headers:
            response.headers[key] = original.headers[key]
    return response


def install_error_handlers(app: Flask) -> None:
    """Answer every error in the one shape; never leak a traceback."""

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        code = exc.code or 500
        if wants_page() and has_page(code):
            page = error_page(code)
            for key in ("Allow", "Retry-After"):
                if key in exc.get_response().headers:
                    page.headers[key] = exc.get_response().headers[key]
            return page
        return _from_http_exception(exc)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeoutError)
    def _database_unavailable(exc: Exception) -> Response:
        log.warning("database unavailable", extra={"error": type(exc).__name__})
        return database_unavailable_response()

    @app.errorhandler(DBAPIError)
    def _database_error(exc: DBAPIError) -> Response:
        if exc.connection_invalidated:
            log.warning("database connection lost", extra={"error": type(exc).__name__})
            return database_unavailable_response()
        return _unexpected(exc)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unhandled error")
        if wants_page():
            return error_page(500)
        return error_response(500, "Something went wrong on our side. Please try again.")


def database_unavailable_response() -> Response:
    """Answer 503 with Retry-After while the database cannot be reached: a page for people, JSON for programs."""
    if wants_page():
        page = error_page(503)
    else:
        page = error_response(503, DATABASE_UNAVAILABLE)
    page.headers["Retry-After"] = DATABASE_RETRY_AFTER
    page.headers["Cache-Control"] = "no-store"
    return page
