"""When the spam signals add up to suspected spam, and how a staff member's word overrides them.

One signal is rarely enough: a hospital, an office or a mobile carrier puts many real people behind one
address, a person in crisis may type fast, and someone may try again several times in a day. So only the
honeypot (a field no person sees) counts alone; otherwise at least two of the other signals must agree.
"""

from __future__ import annotations

from collections.abc import Iterable

ALONE = frozenset({"honeypot"})
CORROBORATING = frozenset({"too_fast", "ip_rate", "email_rate"})
CORROBORATION_NEEDED = 2
VERDICTS = ("spam", "not_spam")  # a staff member's word, kept on the lead as spam_verdict


def is_spam(reasons: Iterable[str]) -> bool:
    """Tell whether these signals, seen on one submission, make it suspected spam."""
    found = set(reasons)
    return bool(found & ALONE) or len(found & CORROBORATING) >= CORROBORATION_NEEDED


def lead_is_spam(staff_verdict: str | None, already_suspected: bool, reasons: Iterable[str]) -> bool:
    """A lead's mark after a new submission: staff's word wins; otherwise a mark stays once earned."""
    if staff_verdict in VERDICTS:
        return staff_verdict == "spam"
    return already_suspected or is_spam(reasons)
