"""EmailMessage values and the SendGrid mail/send body built from them."""

from __future__ import annotations

import base64

import pytest

from services.kit.email import Attachment, EmailMessage, Recipient, to_sendgrid_payload


def _message(**fields):
    """A two-recipient message with everything optional left out unless given."""
    values = {
        "from_email": "care@clinic.example",
        "from_name": None,
        "subject": "Hello",
        "html": "<p>Hi</p>",
        "text": "Hi",
        "recipients": (Recipient("ana@example.com", "Ana"), Recipient("ben@example.com")),
    }
    values.update(fields)
    return EmailMessage(**values)


def test_each_recipient_becomes_its_own_personalization():
    """One envelope per recipient, so nobody sees anyone else's address."""
    payload = to_sendgrid_payload(_message())
    assert payload["personalizations"] == [
        {"to": [{"email": "ana@example.com", "name": "Ana"}]},
        {"to": [{"email": "ben@example.com"}]},
    ]


def test_recipient_headers_substitutions_and_custom_args_stay_with_their_envelope():
    """Per-recipient List-Unsubscribe, merge values and ids go into that recipient's envelope only."""
    ana = Recipient(
        "ana@example.com",
        headers={"List-Unsubscribe": "<https://x/u/1>"},
        substitutions={"-name-": "Ana"},
        custom_args={"recipient_id": "r1", "campaign_id": "override"},
    )
    payload = to_sendgrid_payload(
        _message(recipients=(ana, Recipient("ben@example.com")), custom_args={"campaign_id": "c1"})
    )
    first, second = payload["personalizations"]
    assert first["headers"] == {"List-Unsubscribe": "<https://x/u/1>"}
    assert first["substitutions"] == {"-name-": "Ana"}
    assert first["custom_args"] == {"campaign_id": "override", "recipient_id": "r1"}
    assert second == {"to": [{"email": "ben@example.com"}], "custom_args": {"campaign_id": "c1"}}
    assert "custom_args" not in payload


def test_text_comes_before_html_and_missing_parts_are_left_out():
    """SendGrid wants text/plain first; an absent body part is not sent empty."""
    assert [c["type"] for c in to_sendgrid_payload(_message())["content"]] == ["text/plain", "text/html"]
    assert to_sendgrid_payload(_message(text=None))["content"] == [{"type": "text/html", "value": "<p>Hi</p>"}]


def test_message_level_fields_are_carried_when_set():
    """from name, reply_to, headers, categories, attachments and batch_id reach the body."""
    payload = to_sendgrid_payload(
        _message(
            from_name="Clinic",
            reply_to="intake@clinic.example",
            headers={"X-Entity-Ref-ID": "c1"},
            categories=("newsletter",),
            attachments=(Attachment("a.pdf", b"%PDF", "application/pdf", "attachment"),),
            batch_id="b1",
        )
    )
    assert payload["from"] == {"email": "care@clinic.example", "name": "Clinic"}
    assert payload["reply_to"] == {"email": "intake@clinic.example"}
    assert payload["headers"] == {"X-Entity-Ref-ID": "c1"}
    assert payload["categories"] == ["newsletter"]
    assert payload["attachments"] == [
        {
            "content": base64.b64encode(b"%PDF").decode(),
            "filename": "a.pdf",
            "type": "application/pdf",
            "disposition": "attachment",
        }
    ]
    assert payload["batch_id"] == "b1"


def test_optional_fields_are_absent_when_unset():
    """A plain message sends only the fields it needs."""
    assert set(to_sendgrid_payload(_message())) == {"personalizations", "from", "subject", "content"}


@pytest.mark.parametrize(
    "fields",
    [{"recipients": ()}, {"html": None, "text": None}, {"html": "", "text": ""}, {"subject": ""}],
)
def test_a_message_no_provider_could_send_is_refused_when_built(fields):
    """No recipients, no body or no subject raise ValueError at once."""
    with pytest.raises(ValueError):
        _message(**fields)
