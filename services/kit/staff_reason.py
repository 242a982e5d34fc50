"""Why staff acted, kept in the audit log: the one rule every staff API checks and documents for a reason."""

from __future__ import annotations

from marshmallow import validate

from services.kit.clean_text import OneLineString, one_line_with_visible

MAX_REASON = 500


def staff_reason_field() -> OneLineString:
    """A required reason: one line of at most 500 characters, at least three of them other than spaces."""
    # The document states the one pattern checked here, so an API client knows every reason accepted.
    return OneLineString(
        required=True,
        validate=[
            validate.Length(max=MAX_REASON, error=f"Keep the reason under {MAX_REASON} characters."),
            validate.Regexp(one_line_with_visible(3), error="Say why, in a few words."),
        ],
        metadata={"description": "kept in the audit log; one line of at least three characters other than spaces"},
    )
