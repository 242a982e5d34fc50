"""Billing emails say what to do and carry no health information."""

from __future__ import annotations

import pytest

from services.billing.dunning.notices import money
from services.billing.mail.compose import SUBJECTS, compose
from services.billing.settings import load_settings

HEALTH_WORDS = ("ketamine", "depress", "therapy", "treatment", "phq", "epds", "eligib", "assessment", "suicid")


@pytest.mark.parametrize("kind", sorted(SUBJECTS))
def test_every_billing_email_has_both_parts_the_postal_address_and_no_health_words(kind: str) -> None:
    """Subject, HTML and text name the membership only; the clinic's name is the sender, nothing more."""
    settings = load_settings({"PUBLIC_URL": "https://clinic.example"})
    message = compose(
        kind,
        "member@example.com",
        settings,
        link="https://clinic.example/billing/manage/signin?t=x",
        minutes=15,
        amount="$250.00",
        grace_until="December 1, 2026",
        invoice_url="https://pay.example/i/1",
        manage_url="https://clinic.example/billing/manage",
    )
    assert message.html and message.text and message.recipients[0].email == "member@example.com"
    for part in (message.subject, message.html, message.text):
        cleaned = part.lower()
        assert [w for w in HEALTH_WORDS if w in cleaned] == []
    assert settings.clinic_postal_address in message.text
    assert "billing" in message.categories


def test_money_is_shown_as_the_member_saw_it_at_checkout() -> None:
    """Cents become dollars with two decimals."""
    assert money(25000, "usd") == "$250.00" and money(1234567, "eur") == "EUR 12,345.67"
