"""Asking the services on a staff member's behalf: their own token goes along, so each service decides."""

from __future__ import annotations

from flask import request

from gateway.fan_out import Fetched
from services.kit.staff_auth import COOKIE

SOURCE_WORDS = {"gateway": "Staff accounts", "leads": "Leads", "billing": "Billing", "newsletter": "Newsletter"}


def forwarded_token() -> dict[str, str]:
    """The caller's staff token as a bearer header (from the header, else the sign-in cookie)."""
    header = request.headers.get("Authorization", "")
    token = header[7:] if header.startswith("Bearer ") else request.cookies.get(COOKIE, "")
    return {"Authorization": f"Bearer {token}"} if token else {}


def unavailable(source: str, fetched: Fetched) -> str | None:
    """Say in words why a service's part is missing, or None when it answered."""
    name = SOURCE_WORDS.get(source, source.capitalize())
    if fetched.status_code == 200 and isinstance(fetched.body, dict):
        return None
    if fetched.status_code in (401, 403):
        return f"{name} refused the request for your account; its entries are not shown."
    if fetched.error == "timed out":
        return f"{name} did not answer in time; its entries are not shown. Try again in a minute."
    return f"{name} cannot be reached just now; its entries are not shown. Try again in a minute."
