"""One rule for a staff reason, checked and documented the same in the kit's and billing's APIs."""

from __future__ import annotations

import re

import pytest
from marshmallow import Schema, ValidationError

from services.billing.staff.schemas import ReasonSchema
from services.kit.clean_text import one_line_with_visible
from services.kit.staff_dead_letters_api import DiscardSchema
from services.kit.staff_reason import staff_reason_field


class _Reason(Schema):
    """A schema holding only the shared field."""

    reason = staff_reason_field()


@pytest.mark.parametrize("schema", [_Reason, ReasonSchema, DiscardSchema])
@pytest.mark.parametrize(
    ("reason", "accepted"),
    [
        ("Card reported stolen", True),
        ("abc", True),
        ("x y", False),
        ("   ", False),
        ("two\nlines", False),
        ("a\x01bc", False),
        ("x" * 501, False),
    ],
)
def test_a_reason_is_accepted_exactly_when_the_documented_pattern_and_length_allow_it(schema, reason, accepted):
    """Billing's member actions and every dead-letter discard take the same reasons, and say why not in words."""
    fits = bool(re.fullmatch(one_line_with_visible(3), reason)) and len(reason) <= 500
    assert fits == accepted
    if accepted:
        assert schema().load({"reason": reason}) == {"reason": reason}
    else:
        with pytest.raises(ValidationError) as refused:
            schema().load({"reason": reason})
        assert all(
            message.startswith(("Say why", "Keep the reason", "Please")) for message in refused.value.messages["reason"]
        )
