"""Text fields that refuse NUL and other control characters, which no person types and PostgreSQL refuses.

The character rule is written once, as a regular expression the code checks and the OpenAPI document
states, so a client reading the document knows exactly which text is accepted.
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import ValidationError, fields

# C0 controls but tab, newline and carriage return; DEL.
_REFUSED = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f"
# One line: every C0 and C1 control (line breaks included), DEL, and the Unicode line and paragraph separators.
_REFUSED_ON_ONE_LINE = "\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029"
# Lone UTF-16 halves are refused as well (no database text holds them) but left out of the documented
# patterns: JSON Schema describes Unicode text, which never holds them, and jsonschema-rs (Schemathesis's
# validator) calls a pattern naming them "not a regex", after which the generator ignores the whole pattern.
_BROKEN = "\\ud800-\\udfff"
# JSON Schema regular expressions name a character by backslash, u and four hex digits (\u0000), as Python's `re` does.
NO_CONTROL_PATTERN = f"^[^{_REFUSED}]*$"
ONE_LINE_PATTERN = f"^[^{_REFUSED_ON_ONE_LINE}]*$"
# Spaces count as characters but not as words; spelled out because `\\s` means slightly different
# characters in Python and in the ECMAScript regular expressions JSON Schema uses.
_SPACES = " \\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000\\ufeff"
# For patterns built on the same rule (text with a grammar of its own, such as merge fields).
ONE_LINE_REFUSED = _REFUSED_ON_ONE_LINE
NO_CONTROL_REFUSED = _REFUSED
SPACES = _SPACES
_CONTROL = re.compile(f"[{_REFUSED}{_BROKEN}]")
_NOT_ONE_LINE = re.compile(f"[{_REFUSED_ON_ONE_LINE}{_BROKEN}]")


class CleanString(fields.String):
    """A string without control characters (tabs and newlines are fine)."""

    refused = _CONTROL
    pattern = NO_CONTROL_PATTERN
    message = "Please remove control characters."

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not any(isinstance(getattr(rule, "regex", None), re.Pattern) for rule in self.validators):
            self.metadata = {"pattern": self.pattern, **self.metadata}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs)
        if text is not None and self.refused.search(text):
            raise ValidationError(self.message)
        return text


class OneLineString(CleanString):
    """A string on one line: no control characters, no line breaks (a subject, a reason, a filter)."""

    refused = _NOT_ONE_LINE
    pattern = ONE_LINE_PATTERN
    message = "Please keep this to one line, without control characters."


def one_line_with_visible(least: int) -> str:
    """ONE_LINE_PATTERN that also asks for `least` characters other than spaces (a reason said in words)."""
    # Spaces and visible characters are disjoint, so each visible one is found one way only: no backtracking.
    visible = f"[^{_REFUSED_ON_ONE_LINE}{_SPACES}][{_SPACES}]*"
    return f"^[{_SPACES}]*(?:{visible}){{{least}}}[^{_REFUSED_ON_ONE_LINE}]*$"


def has_control_characters(text: str) -> bool:
    """Tell whether a form value holds a control character (NUL and the like) that no person types."""
    return bool(_CONTROL.search(text))


def is_one_line(text: str) -> bool:
    """Tell whether a value fits on one line without control characters (the rule OneLineString documents)."""
    return not _NOT_ONE_LINE.search(text)
