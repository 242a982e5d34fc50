"""The sign-up API's documented address and landing-page rules and the checks behind them agree."""

from __future__ import annotations

import re

import pytest
from email_validator import SPECIAL_USE_DOMAIN_NAMES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.kit.landing_page import CLEAN_PATH_PATTERN, MAX_LENGTH, is_landing_path
from services.newsletter.signup.identity import EMAIL_PATTERN, MAX_EMAIL_LENGTH, clean_email

_DOCUMENTED = re.compile(EMAIL_PATTERN)


@given(st.from_regex(EMAIL_PATTERN, fullmatch=True).filter(lambda address: len(address) <= MAX_EMAIL_LENGTH))
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_address_the_document_allows_is_accepted(address):
    """Any address matching the documented pattern and length passes the service's check."""
    clean_email(address)


@pytest.mark.parametrize(
    "address",
    [
        *(f"someone@mail.{name}" for name in SPECIAL_USE_DOMAIN_NAMES),
        "someone@mail.TEST",
        "someone@ab--cd.com",
        "someone@-mail.com",
        "someone@mail-.com",
        "some..one@mail.com",
        "someone@mail.123",
        "someone@mail",
        "someone@" + "a" * 64 + ".com",
        "http",
    ],
)
def test_addresses_the_service_refuses_are_outside_the_documented_pattern(address):
    """Each refusal of email-validator that a pattern can say, the pattern says."""
    with pytest.raises(ValueError):
        clean_email(address)
    assert not _DOCUMENTED.match(address)


def test_common_addresses_match_the_pattern_and_are_accepted():
    """Everyday addresses are on both sides of the rule."""
    for address in ("jane.doe@example.com", "o'brien+news@mail.clinic.org", "a@b.co", "x_y@sub.domain.info"):
        assert _DOCUMENTED.match(address), address
        clean_email(address)


@given(st.from_regex(CLEAN_PATH_PATTERN, fullmatch=True).filter(lambda path: len(path) <= MAX_LENGTH))
@settings(max_examples=200, deadline=None)
def test_every_landing_path_the_document_allows_is_accepted(path):
    """A path matching the documented pattern and length is a landing path the sign-up takes."""
    assert is_landing_path(path)


@pytest.mark.parametrize("path", ["", "resources", "//evil.example/x", "/a//b", "/a?b=c", "/a b", "/a\n", "/é"])
def test_landing_paths_the_service_refuses_are_outside_the_documented_pattern(path):
    """Each value the sign-up refuses as a landing page fails the documented pattern too."""
    assert not is_landing_path(path)
    assert not re.fullmatch(CLEAN_PATH_PATTERN, path)
