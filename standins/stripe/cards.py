"""Stripe's test card numbers and what charging each one does."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class Outcome(enum.Enum):
    """What a charge attempt on a card leads to."""

    SUCCEEDED = "succeeded"
    DECLINED = "declined"
    REQUIRES_ACTION = "requires_action"


@dataclass(frozen=True)
class KnownCard:
    """One documented Stripe test card."""

    number: str
    brand: str
    outcome: Outcome
    decline_code: str | None = None
    message: str = ""

    @property
    def last4(self) -> str:
        """Return the last four digits, as shown to the customer."""
        return self.number[-4:]


_DECLINED = "Your card was declined."
CARDS = {
    card.number: card
    for card in (
        KnownCard("4242424242424242", "visa", Outcome.SUCCEEDED),
        KnownCard("4000056655665556", "visa", Outcome.SUCCEEDED),
        KnownCard("5555555555554444", "mastercard", Outcome.SUCCEEDED),
        KnownCard("378282246310005", "amex", Outcome.SUCCEEDED),
        # Attaches to a customer fine, but every charge on it is declined.
        KnownCard("4000000000000341", "visa", Outcome.DECLINED, "generic_decline", _DECLINED),
        KnownCard("4000000000000002", "visa", Outcome.DECLINED, "generic_decline", _DECLINED),
        KnownCard(
            "4000000000009995", "visa", Outcome.DECLINED, "insufficient_funds", "Your card has insufficient funds."
        ),
        # 3D Secure: authentication is needed for each charge.
        KnownCard("4000002500003155", "visa", Outcome.REQUIRES_ACTION, message="Your bank requires authentication."),
        KnownCard("4000002760003184", "visa", Outcome.REQUIRES_ACTION, message="Your bank requires authentication."),
    )
}


class CardRejected(ValueError):
    """The number typed is not a card the stand-in knows."""


def lookup(number: object) -> KnownCard:
    """Return the test card for a number typed with or without spaces or dashes."""
    digits = re.sub(r"[\s-]", "", number) if isinstance(number, str) else ""
    if not digits:
        raise CardRejected("Enter a card number.")
    card = CARDS.get(digits)
    if card is None:
        raise CardRejected("Your card number is incorrect. Use a Stripe test card such as 4242 4242 4242 4242.")
    return card
