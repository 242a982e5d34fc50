"""Phone numbers the intake team can dial, as one regular expression the API documents and checks.

The expression is built, when the module loads, from the phonenumbers library's list of the area codes
and exchanges assigned to fixed and mobile lines under country code 1 (the US and its territories, Canada,
the Caribbean), and allows the ways people write a number: (305) 555-0123, 305-555-0123, 305.555.0123,
+1 305 555 0123, 3055550123. Toll-free, premium and other service numbers are not a person's own line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from marshmallow import ValidationError, validate
from phonenumbers import region_codes_for_country_code
from phonenumbers.phonemetadata import PhoneMetadata

# The North American Numbering Plan: one dialling plan for the states, the territories, Canada and the Caribbean.
REGIONS = region_codes_for_country_code(1)
EXAMPLE_MESSAGE = "Please enter a phone number, for example (305) 555-0123."
NOT_DIALABLE_MESSAGE = "This phone number does not look right. Please check it."
_GAP = "[ .-]?"
# A North American number's shape, whatever its area code: tells a typing slip from an unassigned number.
_SHAPE = re.compile(rf"^ *(?:\+?1{_GAP})?\(?[0-9]{{3}}\)?{_GAP}[0-9]{{3}}{_GAP}[0-9]{{4}} *$")


def dialable_exchanges() -> dict[str, tuple[str, ...]]:
    """Each assigned area code and its assigned exchanges, from phonenumbers' fixed-line and mobile patterns."""
    patterns: list[str] = []
    for region in REGIONS:
        metadata = PhoneMetadata.metadata_for_region(region)
        assert metadata is not None, region  # every region named above ships with phonenumbers
        for line in (metadata.fixed_line, metadata.mobile):
            if line is not None and line.national_number_pattern:
                patterns.append(line.national_number_pattern)
    lines = re.compile("|".join(f"(?:{pattern})" for pattern in patterns))
    # NANP area codes and exchanges never start with 0 or 1; the patterns leave the last four digits free.
    found = {}
    for area in range(200, 1000):
        exchanges = tuple(str(n) for n in range(200, 1000) if lines.fullmatch(f"{area}{n}0000"))
        if exchanges:
            found[str(area)] = exchanges
    return found


def digits_pattern(codes: Iterable[str]) -> str:
    """A regular expression matching exactly the given digit strings of one length (e.g. 3-digit codes)."""
    codes = sorted(set(codes))
    if len(codes[0]) == 1:
        return _digit_class(codes)
    heads: dict[str, list[str]] = {}
    for code in codes:
        heads.setdefault(code[0], []).append(code[1:])
    # Heads with the same tails share one branch: "2[0-9][0-9]|3[0-9][0-9]" reads "[23][0-9][0-9]".
    by_tails: dict[str, list[str]] = {}
    for head, tails in heads.items():
        by_tails.setdefault(digits_pattern(tails), []).append(head)
    branches = [f"{_digit_class(first)}{tails}" for tails, first in by_tails.items()]
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


def _digit_class(digits: list[str]) -> str:
    """One digit out of `digits`, as a single digit or a bracketed class."""
    if len(digits) == 1:
        return digits[0]
    if len(digits) == 10:
        return "[0-9]"
    return f"[{''.join(digits)}]"


def _phone_pattern() -> str:
    """The documented rule: nothing, or a number whose area code and exchange are assigned."""
    exchanges = dialable_exchanges()
    every = tuple(str(n) for n in range(200, 1000))
    whole = [area for area, found in exchanges.items() if found == every]
    branches = [rf"\(?{digits_pattern(whole)}\)?{_GAP}[2-9][0-9]{{2}}"]
    branches += [rf"\(?{area}\)?{_GAP}{digits_pattern(found)}" for area, found in exchanges.items() if found != every]
    number = rf"(?:\+?1{_GAP})?(?:{'|'.join(branches)}){_GAP}[0-9]{{4}}"
    return f"^ *(?:{number} *)?$"


PHONE_PATTERN = _phone_pattern()
_PHONE = re.compile(PHONE_PATTERN)


def phone_problem(raw: str) -> str | None:
    """What is wrong with a typed phone number, in words (None when the number is one the team can dial)."""
    if _PHONE.match(raw):
        return None
    return NOT_DIALABLE_MESSAGE if _SHAPE.match(raw) else EXAMPLE_MESSAGE


def to_e164(raw: str) -> str:
    """A dialable number in E.164 (+13055550123), or ValidationError with words for the person."""
    problem = phone_problem(raw) if raw.strip() else EXAMPLE_MESSAGE
    if problem:
        raise ValidationError(problem)
    return f"+1{re.sub('[^0-9]', '', raw)[-10:]}"


class DialablePhone(validate.Regexp):
    """PHONE_PATTERN as a field validator: documented as the field's pattern, refused in plain words."""

    def __init__(self) -> None:
        super().__init__(PHONE_PATTERN)

    def __call__(self, value: Any) -> Any:
        """Pass a blank or dialable number; refuse anything else with the fitting message."""
        if isinstance(value, str) and (problem := phone_problem(value)):
            raise ValidationError(problem)
        return value
