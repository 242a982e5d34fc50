"""A JSON integer as JSON Schema defines it: any number with no fractional part, so 3.0 counts as 3."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields


class WholeNumber(fields.Integer):
    """An integer that accepts 3 and 3.0 alike but refuses 3.5, true, and numbers written as text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, strict=True, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        # JSON Schema's "integer" is a mathematical integer; a client's serializer may well write it as 3.0.
        if isinstance(value, float) and not isinstance(value, bool):
            if not value.is_integer():
                raise ValidationError("Give a whole number.")
            value = int(value)
        return super()._deserialize(value, attr, data, **kwargs)
