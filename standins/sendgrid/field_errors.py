"""SendGrid's error entries, collected while checking a request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

HELP_URL = "https://www.twilio.com/docs/sendgrid/api-reference/mail-send/errors"
# A body with a thousand bad envelopes still gets a readable answer.
MAX_REPORTED_ERRORS = 100


@dataclass(frozen=True)
class FieldError:
    """One entry of SendGrid's `errors` array."""

    message: str
    field: str | None = None
    anchor: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Render as SendGrid does; `help` is an object, as the published spec defines it."""
        body: dict[str, Any] = {"message": self.message, "field": self.field}
        if self.anchor:
            body["help"] = {"url": f"{HELP_URL}#{self.anchor}"}
        return body


@dataclass
class Errors:
    """The errors found so far in one request."""

    items: list[FieldError] = field(default_factory=list)

    def add(self, message: str, field_name: str | None, anchor: str | None = None) -> None:
        """Record an error, up to a cap."""
        if len(self.items) < MAX_REPORTED_ERRORS:
            self.items.append(FieldError(message, field_name, anchor))


def type_name(value: Any) -> str:
    """Name a JSON value's type the way SendGrid's messages do."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
