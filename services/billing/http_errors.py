"""Refuse a request in the one error shape, typed so callers read as straight-line code."""

from __future__ import annotations

from typing import Any, NoReturn

from flask_smorest import abort


def refuse(
    status: int,
    message: str,
    errors: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> NoReturn:
    """Stop the request with `status`, a message and field errors."""
    kwargs: dict[str, Any] = {"message": message}
    if errors is not None:
        kwargs["errors"] = errors
    if headers is not None:
        kwargs["headers"] = headers
    abort(status, **kwargs)
    raise AssertionError("abort always raises")  # pragma: no cover
