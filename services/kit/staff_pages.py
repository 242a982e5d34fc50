"""Staff pages: send people without a token to sign in; otherwise the role check answers."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import quote, urlsplit

from flask import Blueprint, redirect, render_template, request
from werkzeug.exceptions import HTTPException

from services.kit.errors import error_response
from services.kit.staff_auth import current_identity, require_roles

F = TypeVar("F", bound=Callable[..., Any])


def staff_page(*roles: str) -> Callable[[F], F]:
    """Guard an HTML page: sign-in redirect when anonymous, 403 for the wrong role."""

    def decorate(view: F) -> F:
        guarded = require_roles(*roles)(view)

        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_identity() is None:
                return redirect("/staff/login?next=" + quote(return_path(), safe=""), 303)
            return guarded(*args, **kwargs)

        return cast(F, wrapped)

    return decorate


def return_path() -> str:
    """Where to come back to after signing in: this page, or for a form sent here the page it was on.

    A form's target often answers only POST; coming back to it after sign-in would be a 405 and the typed
    text would be lost, so a form sent after the session ended returns to the page that showed it.
    """
    if request.method == "GET":
        return request.full_path.rstrip("?")
    came_from = urlsplit(request.referrer or "")
    same_site = not came_from.netloc or came_from.netloc == request.host
    if same_site and came_from.path.startswith("/admin/"):
        # The page's query is left behind: a "?done=notes" kept from an earlier action would claim this one worked.
        return came_from.path
    return "/staff"


def install_error_pages(bp: Blueprint) -> None:
    """Answer a staff page's refusals (403, 404, 409, 422) with a page for browsers, keeping the status code."""

    def _page(error: HTTPException) -> Any:
        code = error.code or 500
        accepted = request.accept_mimetypes
        if accepted.best_match(["application/json", "text/html"]) != "text/html":
            return error_response(code, error.description)  # scripts keep the service's JSON error shape
        came_from = urlsplit(request.referrer or "").path
        back = came_from if request.method == "POST" and came_from.startswith("/admin/") else None
        return render_template("staff_error.html", error=error, back=back), code

    for code in (403, 404, 409, 422):
        bp.register_error_handler(code, _page)
