"""Drive the staff pages the way a browser does: read the form, post it back with its cookies."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

HIDDEN = re.compile(r'<input type="hidden" name="(?P<name>[a-z_]+)" value="(?P<value>[^"]*)">')


def hidden_fields(html: str) -> dict[str, str]:
    """Read the hidden inputs of a page."""
    return {match["name"]: match["value"] for match in HIDDEN.finditer(html)}


def set_cookies(response: Any, name: str) -> list[str]:
    """Return the Set-Cookie headers that set or clear cookie `name`."""
    return [header for header in response.headers.getlist("Set-Cookie") if header.startswith(name + "=")]


def sign_in_through_page(client: FlaskClient, email: str, password: str, query: str = "", **extra: str) -> Any:
    """Open the sign-in page and submit it with the form's own CSRF token."""
    page = client.get("/staff/login" + query)
    form = {**hidden_fields(page.get_data(as_text=True)), "email": email, "password": password, **extra}
    return client.post("/staff/login", data=form)
