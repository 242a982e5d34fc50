"""The rules the public forms' API documents state are the rules the code enforces, with the same words."""

from __future__ import annotations

import itertools
import re
from datetime import date, time, timedelta

import phonenumbers
import pytest
from jsonschema import Draft202012Validator
from marshmallow import ValidationError

from services.kit.clean_text import has_control_characters
from services.leads.assessments.domain import EPDS, GAD7, PHQ9, InvalidAnswers, Perinatal
from services.leads.assessments.domain.eligibility import PERINATAL_PERIOD_ANSWERS
from services.leads.assessments.domain.scoring import item_scores
from services.leads.assessments.domain.zip_check import ZIP_PATTERN, check_zip
from services.leads.assessments.schemas import EPDS_IN_THE_PERINATAL_PERIOD, ContactSchema, LocationSchema
from services.leads.consultations.windows import ClinicHours, Window, window_problem_status
from services.leads.contact.api import InquiryRequestSchema
from services.leads.staff.schemas import EraseSchema, NoteSchema
from services.leads.web.us_phone import (
    EXAMPLE_MESSAGE,
    NOT_DIALABLE_MESSAGE,
    PHONE_PATTERN,
    REGIONS,
    dialable_exchanges,
    digits_pattern,
    phone_problem,
    to_e164,
)
from services.leads.web.words import SAYS_SOMETHING_PATTERN, SPACES

LINE_TYPES = {
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}
CONTACT = {"first_name": "Ana", "last_name": "Diaz", "email": "ana@example.com"}
INQUIRY = {"name": "Ana", "email": "ana@example.com", "relationship": "self", "message": "Hello", "consent": True}


def _dialable(digits: str) -> bool:
    """Whether phonenumbers calls a ten-digit number a fixed or mobile line under country code 1."""
    number = phonenumbers.parse(f"+1{digits}")
    region = phonenumbers.region_code_for_number(number)
    return region in REGIONS and phonenumbers.number_type(number) in LINE_TYPES


def test_the_phone_pattern_accepts_exactly_the_lines_phonenumbers_knows():
    """Every area code, with exchanges of each leading digit (all where only some are assigned): same verdict."""
    pattern = re.compile(PHONE_PATTERN)
    every = tuple(str(n) for n in range(200, 1000))
    partly = {area for area, exchanges in dialable_exchanges().items() if exchanges != every}
    sample = [f"{lead}{tail}" for lead in "23456789" for tail in ("00", "47", "99")]
    for area in range(200, 1000):
        for exchange in every if str(area) in partly else sample:
            digits = f"{area}{exchange}0123"
            assert bool(pattern.match(digits)) == _dialable(digits), digits


@pytest.mark.parametrize(
    "typed", ["(305) 555-0123", "305-555-0123", "305.555.0123", "+1 305 555 0123", "1-305-555-0123", "3055550123"]
)
def test_the_ways_people_write_a_number_are_documented_and_stored_in_e164(typed):
    """A number as people type it matches the documented pattern, loads, and is kept as +13055550123."""
    assert re.match(PHONE_PATTERN, typed)
    assert ContactSchema().load({**CONTACT, "phone": typed})["phone"] == "+13055550123"
    assert to_e164(typed) == "+13055550123"


@pytest.mark.parametrize(
    ("typed", "message"),
    [("(123) 456-7890", NOT_DIALABLE_MESSAGE), ("(340) 300-1234", NOT_DIALABLE_MESSAGE), ("12", EXAMPLE_MESSAGE)],
)
def test_a_number_outside_the_pattern_is_refused_in_plain_words(typed, message):
    """An unassigned area code or exchange, or no number at all, is refused with words a person understands."""
    assert not re.match(PHONE_PATTERN, typed) and phone_problem(typed) == message
    for schema, body in ((ContactSchema(), CONTACT), (InquiryRequestSchema(), INQUIRY)):
        with pytest.raises(ValidationError) as refused:
            schema.load({**body, "phone": typed})
        assert refused.value.messages == {"phone": [message]}
    with pytest.raises(ValidationError):
        to_e164(typed)


def test_a_blank_phone_is_no_phone():
    """The pattern allows an empty or blank phone, which is stored as none."""
    for blank in ("", "   "):
        assert re.match(PHONE_PATTERN, blank)
        assert ContactSchema().load({**CONTACT, "phone": blank})["phone"] is None


def test_digits_patterns_match_exactly_their_codes():
    """The compressed alternation of codes matches the codes given and no other."""
    codes = {"201", "202", "209", "305", "340", "399"}
    pattern = re.compile(digits_pattern(codes))
    assert {f"{n:03d}" for n in range(1000) if pattern.fullmatch(f"{n:03d}")} == codes


def test_spaces_are_the_characters_strip_removes_that_text_may_hold():
    """The spelled-out spaces are Python's whitespace less the control characters the text refuses."""
    spaces = re.compile(f"[{SPACES}]")
    expected = {chr(c) for c in range(0x110000) if chr(c).isspace() and not has_control_characters(chr(c))}
    assert {chr(c) for c in range(0x110000) if spaces.fullmatch(chr(c))} == expected


@pytest.mark.parametrize(("text", "says"), [("Ana", True), (" a ", True), ("", False), (" \u3000\t", False)])
def test_blank_names_and_messages_are_refused_as_the_document_says(text, says):
    """Matching the documented pattern is exactly what the inquiry accepts; blank text gets its own words."""
    assert bool(re.match(SAYS_SOMETHING_PATTERN, text)) is says
    for field, words in (("name", "Please tell us your name."), ("message", "Please write a message.")):
        if says:
            InquiryRequestSchema().load({**INQUIRY, field: text})
        else:
            with pytest.raises(ValidationError) as refused:
                InquiryRequestSchema().load({**INQUIRY, field: text})
            assert words in refused.value.messages[field]


def test_consent_must_be_true_as_the_document_says():
    """`consent: false` is refused with the person's words, as the document's enum [true] says."""
    with pytest.raises(ValidationError) as refused:
        InquiryRequestSchema().load({**INQUIRY, "consent": False})
    assert refused.value.messages == {"consent": ["Please agree so that we can reply to you."]}


@pytest.mark.parametrize(
    ("typed", "fits"), [("33602", True), (" 33602-1234 ", True), ("3360", False), ("٣٣٦٠٢", False)]
)
def test_the_zip_pattern_is_the_one_the_domain_checks(typed, fits):
    """The schema and the domain read a ZIP code by the same pattern, with the catalogue's words."""
    assert bool(re.match(ZIP_PATTERN, typed)) is fits
    if fits:
        assert LocationSchema().load({"state": "FL", "zip": typed})
        assert check_zip("FL", typed).zip5 == "33602"
    else:
        with pytest.raises(ValidationError) as refused:
            LocationSchema().load({"state": "FL", "zip": typed})
        assert refused.value.messages == {"zip": ["Please enter a 5-digit ZIP code."]}
        with pytest.raises(InvalidAnswers):
            check_zip("FL", typed)


@pytest.mark.parametrize("instrument", [PHQ9, GAD7, EPDS], ids=lambda i: i.id)
def test_the_documented_answer_counts_and_ranges_are_the_domains(instrument):
    """As many answers as items, each 0-3, score; one more, one fewer or a 4 is refused with the domain's words."""
    count, highest = instrument.item_count, max(len(scores) for scores in instrument.option_scores) - 1
    item_scores(instrument, [highest] * count, "x")
    for wrong in ([0] * (count - 1), [0] * (count + 1), [0] * (count - 1) + [highest + 1]):
        with pytest.raises(InvalidAnswers) as refused:
            item_scores(instrument, wrong, "x")
        assert set(refused.value.codes.popitem()[1]) <= {"answer_count", "answer_range"}


def test_the_documented_epds_condition_is_the_perinatal_period():
    """The document's `if` holds for exactly the answers that put a visitor in the perinatal period."""
    condition = Draft202012Validator(EPDS_IN_THE_PERINATAL_PERIOD["if"])
    names = (*PERINATAL_PERIOD_ANSWERS, "breastfeeding")
    for values in itertools.product((False, True), repeat=len(names)):
        answers = dict(zip(names, values, strict=True))
        assert condition.is_valid({"perinatal": answers}) is Perinatal(**answers).in_perinatal_period


def test_only_calendar_problems_are_conflicts():
    """A closed day, today or too far ahead is a 409; an unknown part of the day or a repeated window a 422."""
    hours = ClinicHours(frozenset(range(5)), (("morning", time(8), time(12)),))
    today = date(2026, 12, 3)  # a Thursday
    for day in (date(2026, 12, 5), today, today + timedelta(days=90)):
        assert window_problem_status(hours.problems([Window(day, "morning")], today)) == 409
    tomorrow = Window(date(2026, 12, 4), "morning")
    assert hours.problems([tomorrow], today) == []
    assert window_problem_status(hours.problems([Window(date(2026, 12, 4), "evening")], today)) == 422
    assert window_problem_status(hours.problems([tomorrow, tomorrow], today)) == 422


@pytest.mark.parametrize("blank", ["", " ", "\t", "\n \r\n"])
def test_a_blank_staff_note_or_reason_is_refused_as_the_document_says(blank):
    """A note or an erasure reason of spaces alone fails the documented pattern and the schema, in words."""
    assert not re.fullmatch(SAYS_SOMETHING_PATTERN, blank)
    with pytest.raises(ValidationError) as note:
        NoteSchema().load({"note": blank})
    with pytest.raises(ValidationError) as reason:
        EraseSchema().load({"reason": blank})
    assert "Please" in " ".join(note.value.messages["note"]) + " ".join(reason.value.messages["reason"])
    assert NoteSchema().load({"note": "\tCalled back, safe at home."}) == {"note": "\tCalled back, safe at home."}
