"""Every operation that takes a body documents the 413 the front door or the app answers when it is too large.

A document can bound a field's characters but not a body's bytes (escapes and UTF-8 widen text), so the
limits are stated as an answer instead: the gateway's Caddy refuses a larger body in our error shape.
"""

from __future__ import annotations

from typing import Any

from apispec import BasePlugin

TOO_LARGE = (
    "The body is larger than accepted: 64 KiB for public operations, 1 MiB for staff operations and "
    "webhooks (the gateway answers this before the service sees the request)."
)


class BodyLimitPlugin(BasePlugin):
    """Adds a documented 413 in the error shape to each operation with a request body."""

    def operation_helper(self, path: str | None = None, operations: dict | None = None, **kwargs: Any) -> None:
        """Give each operation that declares a request body its 413 answer."""
        for operation in (operations or {}).values():
            if isinstance(operation, dict) and "requestBody" in operation:
                operation.setdefault("responses", {}).setdefault(
                    413, {"description": TOO_LARGE, "content": {"application/json": {"schema": "Error"}}}
                )
