"""The SendGrid adapter against the live stand-in: success, and each failure classified for retrying."""

from __future__ import annotations

import json
import socket
import time
import uuid
from email.message import Message

import pytest
from python_http_client.exceptions import TooManyRequestsError

from services.kit.email import EmailSendError, Recipient, SendGridEmailSender
from services.kit.email.sendgrid_sender import http_error_to_send_error

API_KEY = "SG.adapter-suite-key"


def test_a_sent_message_is_accepted_and_visible_in_the_dev_mailbox(standin, sender, make_message):
    """send() returns SendGrid's message id; each recipient's copy shows in /dev/mail."""
    ana = Recipient(
        f"ana-{uuid.uuid4().hex[:8]}@example.com",
        "Ana",
        headers={
            "List-Unsubscribe": "<https://clinic.example/u/t1>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        substitutions={"-first_name-": "Ana"},
        custom_args={"recipient_id": "r1"},
    )
    ben = Recipient(f"ben-{uuid.uuid4().hex[:8]}@example.com", substitutions={"-first_name-": "Ben"})
    message = make_message(
        subject="Hello -first_name-",
        html="<p>Hello -first_name-</p>",
        text="Hello -first_name-",
        recipients=(ana, ben),
        categories=("newsletter",),
        custom_args={"campaign_id": "c1"},
    )
    result = sender.send(message)
    assert result.message_id
    mail = {m["to"]: m for m in standin.dev("GET", "/dev/mail").json()}
    assert mail[ana.email]["subject"] == "Hello Ana" and mail[ben.email]["text"] == "Hello Ben"
    assert mail[ana.email]["html"] == "<p>Hello Ana</p>"
    assert mail[ana.email]["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "List-Unsubscribe" not in mail[ben.email]["headers"]
    assert mail[ana.email]["custom_args"] == {"campaign_id": "c1", "recipient_id": "r1"}
    assert mail[ben.email]["categories"] == ["newsletter"]
    assert {m["message_id"] for m in mail.values()} == {result.message_id}


def test_a_429_is_retryable_with_retry_after_from_the_rate_limit_reset(standin, sender, make_message):
    """X-RateLimit-Reset (epoch seconds) becomes seconds to wait from now."""
    standin.plan_fault(mode="429", reset_in=30)
    with pytest.raises(EmailSendError) as caught:
        sender.send(make_message())
    error = caught.value
    assert error.status == 429 and error.retryable is True
    assert error.retry_after is not None and 27 <= error.retry_after <= 31


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retryable(standin, sender, make_message, status):
    """5xx answers may succeed later: retryable, with no particular wait."""
    standin.plan_fault(mode=str(status))
    with pytest.raises(EmailSendError) as caught:
        sender.send(make_message())
    assert caught.value.status == status and caught.value.retryable is True and caught.value.retry_after is None


def test_a_400_is_not_retryable_and_carries_sendgrids_reason(standin, sender, make_message):
    """A request SendGrid refuses will be refused again; the reason names the field and problem."""
    bad = make_message(recipients=(Recipient("ana@example.com", headers={"Subject": "forged"}),))
    with pytest.raises(EmailSendError) as caught:
        sender.send(bad)
    error = caught.value
    assert error.status == 400 and error.retryable is False
    assert "personalizations.0.headers.Subject" in error.reason and "reserved" in error.reason
    assert standin.dev("GET", "/dev/mail").json() == []


def test_a_wrong_api_key_is_not_retryable(start_standin, make_message):
    """401 means the configuration is wrong; retrying cannot help."""
    running = start_standin(API_KEY="SG.right-key")
    with pytest.raises(EmailSendError) as caught:
        SendGridEmailSender("SG.wrong-key", host=running.url).send(make_message())
    assert caught.value.status == 401 and caught.value.retryable is False


@pytest.mark.parametrize("status", [403, 413])
def test_forbidden_and_too_large_are_not_retryable(standin, sender, make_message, status):
    """403 and 413 are permanent for the same request."""
    standin.plan_fault(mode=str(status))
    with pytest.raises(EmailSendError) as caught:
        sender.send(make_message())
    assert caught.value.status == status and caught.value.retryable is False


def test_a_body_over_the_size_limit_is_not_retryable(start_standin, make_message):
    """A real 413 from an oversized body is classified as permanent."""
    running = start_standin(MAX_BODY_BYTES=1000)
    with pytest.raises(EmailSendError) as caught:
        SendGridEmailSender(API_KEY, host=running.url).send(make_message(html="x" * 2000))
    assert caught.value.status == 413 and caught.value.retryable is False


def test_a_slow_answer_times_out_and_is_retryable(standin, make_message):
    """A timeout leaves the outcome unknown, so it is classified retryable."""
    standin.plan_fault(mode="slow", delay=1.5)
    quick = SendGridEmailSender(API_KEY, host=standin.url, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(EmailSendError) as caught:
        quick.send(make_message())
    assert time.monotonic() - started < 1.4
    assert caught.value.status is None and caught.value.retryable is True


def test_an_unreachable_host_is_retryable(make_message):
    """A refused connection is classified retryable."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(EmailSendError) as caught:
        SendGridEmailSender(API_KEY, host=f"http://127.0.0.1:{port}", timeout=1).send(make_message())
    assert caught.value.retryable is True and caught.value.status is None


def test_retry_after_is_never_negative():
    """A reset time already past means: retry now."""
    headers = Message()
    headers["X-RateLimit-Reset"] = "1000"
    body = json.dumps({"errors": [{"message": "too many requests", "field": None}]}).encode()
    error = http_error_to_send_error(TooManyRequestsError(429, "Too Many Requests", body, headers), now=2000.0)
    assert error.retry_after == 0.0 and error.retryable is True and error.reason == "too many requests"


def test_an_api_key_is_required():
    """An empty key is refused rather than read from the environment behind our back."""
    with pytest.raises(ValueError):
        SendGridEmailSender("", host="http://127.0.0.1:1")
