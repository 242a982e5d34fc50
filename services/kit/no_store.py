"""Pages and answers with personal or health data: no browser or proxy may keep a copy."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import Blueprint, Response, make_response

F = TypeVar("F", bound=Callable[..., Any])


def install_no_store(bp: Blueprint) -> None:
    """Send Cache-Control: no-store on every answer of `bp`, refusals and redirects included."""

    @bp.after_request
    def _no_store(response: Response) -> Response:
        response.headers["Cache-Control"] = "no-store"
        return response


def no_store_view(view: F) -> F:
    """Send Cache-Control: no-store on one view's answers, in a blueprint whose other pages may be cached."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Response:
        response = make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        return response

    return cast(F, wrapped)
