"""The spam rule: the honeypot alone suffices; otherwise at least two signals must agree; staff have the last word."""

import pytest

from services.leads.spam.verdict import is_spam, lead_is_spam


@pytest.mark.parametrize(
    ("reasons", "spam"),
    [
        ([], False),
        (["ip_rate"], False),
        (["too_fast"], False),
        (["email_rate"], False),
        (["honeypot"], True),
        (["ip_rate", "too_fast"], True),
        (["ip_rate", "email_rate"], True),
        (["too_fast", "email_rate"], True),
        (["ip_rate", "ip_rate"], False),
    ],
)
def test_one_signal_other_than_the_honeypot_is_never_enough(reasons, spam):
    """A busy shared network address, or a quick typist, alone marks no one."""
    assert is_spam(reasons) is spam


def test_a_staff_verdict_outlasts_later_signals():
    """ "Not spam" from staff stays through a honeypot; "spam" stays through a clean submission."""
    assert lead_is_spam("not_spam", False, ["honeypot"]) is False
    assert lead_is_spam("spam", False, []) is True
    assert lead_is_spam(None, True, []) is True
    assert lead_is_spam(None, False, ["ip_rate"]) is False
