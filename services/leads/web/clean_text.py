"""A text field that refuses NUL and other control characters, which no person types and PostgreSQL refuses."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import ValidationError, fields

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The same rule as the API documents it (JSON Schema regular expressions spell characters as \uXXXX).
NO_CONTROL_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$"


class CleanString(fields.String):
    """A string without control characters (tabs and newlines are fine)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not any(isinstance(getattr(rule, "regex", None), re.Pattern) for rule in self.validators):
            self.metadata = {"pattern": NO_CONTROL_PATTERN, **self.metadata}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs)
        if text is not None and _CONTROL.search(text):
            raise ValidationError("Please remove control characters.")
        return text


def has_control_characters(text: str) -> bool:
    """Tell whether a form value holds a control character (NUL and the like) that no person types."""
    return bool(_CONTROL.search(text))
