"""The kit's text rules: the pattern a document states is the one the field checks, and validators can read it."""

from __future__ import annotations

import re

import jsonschema_rs
import pytest
from marshmallow import Schema, ValidationError

from services.kit.clean_text import (
    NO_CONTROL_PATTERN,
    ONE_LINE_PATTERN,
    CleanString,
    OneLineString,
    one_line_with_visible,
)


class _Text(Schema):
    """Both kinds of field, as a service would declare them."""

    free = CleanString()
    line = OneLineString()


@pytest.mark.parametrize("pattern", [NO_CONTROL_PATTERN, ONE_LINE_PATTERN, one_line_with_visible(3)])
def test_every_documented_pattern_is_a_regex_json_schema_validators_accept(pattern):
    """jsonschema-rs (what Schemathesis checks with) reads the pattern; one it calls "not a regex" is ignored."""
    jsonschema_rs.validator_for({"type": "string", "pattern": pattern})


@pytest.mark.parametrize(
    ("text", "free", "line"),
    [
        ("Plain words, ünïcode and emoji 🙂", True, True),
        ("two\nlines\tand a tab", True, False),
        ("nul\x00", False, False),
        ("escape\x1b", False, False),
        ("next line\x85", True, False),
        ("separator\u2028", True, False),
        ("broken \ud800 half", True, True),
    ],
)
def test_the_field_accepts_exactly_what_its_documented_pattern_allows(text, free, line):
    """Each field's verdict is its pattern's (a lone UTF-16 half, which no pattern can name, is refused besides)."""
    assert bool(re.match(NO_CONTROL_PATTERN, text)) is free
    assert bool(re.match(ONE_LINE_PATTERN, text)) is line
    broken = "\ud800" in text
    for name, matches in (("free", free), ("line", line)):
        try:
            _Text().load({name: text})
            accepted = True
        except ValidationError as exc:
            accepted = False
            assert exc.messages[name][0].startswith("Please"), exc.messages
        assert accepted is (matches and not broken), (name, text)


def test_a_reason_in_words_needs_three_characters_other_than_spaces():
    """The words pattern counts visible characters, not spaces, and stays on one line."""
    pattern = re.compile(one_line_with_visible(3))
    assert all(pattern.match(text) for text in ("abc", " a b c ", "n’a", "x" * 500))
    assert not any(pattern.match(text) for text in ("ab", "a \u00a0 b", "   ", "ab\nc", "a" * 2 + " " * 5000))
