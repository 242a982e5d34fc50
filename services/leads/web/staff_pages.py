"""Staff pages: send people without a token to sign in; otherwise the role check answers."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import quote

from flask import redirect, request

from services.kit.staff_auth import current_identity, require_roles

F = TypeVar("F", bound=Callable[..., Any])


def staff_page(*roles: str) -> Callable[[F], F]:
    """Guard an HTML page: sign-in redirect when anonymous, 403 for the wrong role."""

    def decorate(view: F) -> F:
        guarded = require_roles(*roles)(view)

        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_identity() is None:
                return redirect("/staff/login?next=" + quote(request.full_path.rstrip("?"), safe=""), 303)
            return guarded(*args, **kwargs)

        return cast(F, wrapped)

    return decorate
