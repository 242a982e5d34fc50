"""What a request tells us about the visitor's client, behind the gateway."""

from __future__ import annotations

from flask import request


def client_ip() -> str:
    """The visitor's address: the gateway appends it last to X-Forwarded-For."""
    chain = request.headers.get("X-Forwarded-For", "")
    last = chain.split(",")[-1].strip() if chain else ""
    return (last or request.remote_addr or "")[:64]


def user_agent() -> str:
    """The visitor's user agent, trimmed."""
    return request.headers.get("User-Agent", "")[:400]
