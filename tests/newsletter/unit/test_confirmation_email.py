"""The double opt-in request: no subscriber footer before subscribing, and a real button to confirm."""

from __future__ import annotations

import re

import pytest

from services.kit.email import EmailMessage
from services.newsletter.campaigns.domain.call_to_action import CallToAction
from services.newsletter.settings import load_settings
from services.newsletter.signup.links import Links
from services.newsletter.signup.mail_content import subscriber_message
from services.newsletter.subscriber_domain.tokens import LinkSigner


def _message(kind: str) -> EmailMessage:
    """Build one subscriber email of `kind` with development settings."""
    settings = load_settings({})
    links = Links("https://clinic.example", LinkSigner("unit-test-link-secret-0123456789"), settings.confirm_ttl_hours)
    return subscriber_message(
        kind, settings, links, subscriber_id=7, email="ana@example.com", first_name="Ana", nonce="n1"
    )


def test_the_confirmation_footer_explains_the_request_instead_of_offering_an_unsubscribe() -> None:
    """Both parts say someone asked to subscribe and ignoring changes nothing; no unsubscribe or topics links."""
    message = _message("confirm")
    settings = load_settings({})
    for part in (message.html, message.text):
        flat = " ".join(part.split())
        assert "receiving this because you subscribed" not in flat
        assert "asked to subscribe" in flat and "If you ignore it, you will not be subscribed" in flat
        assert "Unsubscribe" not in part and "Manage your topics" not in part
        assert "/newsletter/unsubscribe" not in part and "/newsletter/preferences" not in part
        assert "not medical advice" in flat
        assert settings.clinic_postal_address.splitlines()[0].strip() in part
    assert not message.recipients[0].headers


def test_the_confirmation_call_to_action_is_a_styled_table_button() -> None:
    """The HTML link to confirm sits in a table cell with a background and inline button styles."""
    html = _message("confirm").html
    cell = r'<td[^>]*bgcolor="#1d4ed8"[^>]*>\s*'
    button = re.search(cell + r'<a href="([^"]+)"[^>]*style="([^"]+)"[^>]*>Yes, subscribe me</a>', html)
    assert button, "no button cell around the confirm link"
    href, style = button.groups()
    assert href.startswith("https://clinic.example/newsletter/confirm?token=")
    assert "background-color" in style and "padding" in style and "text-decoration: none" in style
    assert re.search(
        r"Yes, subscribe me:\s+https://clinic\.example/newsletter/confirm\?token=", _message("confirm").text
    )


def test_subscriber_emails_keep_the_unsubscribe_footer() -> None:
    """The welcome email goes to a subscriber, so it still carries the unsubscribe and topics links."""
    message = _message("welcome")
    assert "receiving this because you subscribed" in " ".join(message.text.split())
    assert "/newsletter/unsubscribe?token=" in message.html and "Manage your topics" in message.html
    assert 'bgcolor="#1d4ed8"' not in message.html


@pytest.mark.parametrize("label, url", [("", "https://x.example"), ("Go", "javascript:alert(1)"), ("Go", "/relative")])
def test_a_call_to_action_refuses_an_empty_label_or_a_non_http_url(label: str, url: str) -> None:
    """Only absolute http(s) URLs with a label can become a button."""
    with pytest.raises(ValueError):
        CallToAction(label, url)
