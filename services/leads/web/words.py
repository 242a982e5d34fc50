"""Text that must say something: at least one character other than spaces, and no control characters."""

from __future__ import annotations

from marshmallow import validate

from services.kit.clean_text import NO_CONTROL_REFUSED as _REFUSED

# The characters Python's str.strip() removes that the text may hold (vertical tab, form feed and the
# separators U+001C-U+001F are control characters), spelled out because `\s` means slightly different
# characters in Python and in the ECMAScript regular expressions JSON Schema uses.
SPACES = "\\t\\n\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
# Spaces and the first visible character are disjoint, so a match never backtracks.
SAYS_SOMETHING_PATTERN = f"^[{SPACES}]*[^{_REFUSED}{SPACES}][^{_REFUSED}]*$"


def says_something(message: str) -> validate.Regexp:
    """A validator, documented as the field's pattern, that refuses empty or blank text with `message`."""
    return validate.Regexp(SAYS_SOMETHING_PATTERN, error=message)
