"""POST /v3/mail/send on the stand-in: what it accepts, what it keeps, and what it refuses."""

from __future__ import annotations

import base64
import gzip
import json

import requests


def test_a_request_without_a_bearer_key_is_refused_with_sendgrids_401_body(standin, mail_body):
    """No Authorization header means 401 and nothing stored."""
    response = requests.post(f"{standin.url}/v3/mail/send", json=mail_body(), timeout=10)
    assert response.status_code == 401
    assert response.json() == {"errors": [{"message": "authorization required", "field": None}]}
    assert standin.dev("GET", "/dev/mail").json() == []


def test_a_configured_api_key_must_match(start_standin, mail_body):
    """With API_KEY set, another key is refused as SendGrid refuses a revoked one."""
    running = start_standin(API_KEY="SG.the-only-key")
    response = running.send(mail_body())
    assert response.status_code == 401
    assert "invalid, expired, or revoked" in response.json()["errors"][0]["message"]
    good = running.send(mail_body(), headers={"Authorization": "Bearer SG.the-only-key"})
    assert good.status_code == 202


def test_accepted_mail_answers_202_with_an_empty_body_a_message_id_and_rate_limit_headers(standin, mail_body):
    """A valid request is queued: 202, no body, X-Message-Id and X-RateLimit-* headers."""
    response = standin.send(mail_body())
    assert response.status_code == 202
    assert response.content == b""
    assert response.headers["X-Message-Id"]
    assert int(response.headers["X-RateLimit-Remaining"]) < int(response.headers["X-RateLimit-Limit"])
    assert int(response.headers["X-RateLimit-Reset"]) > 0


def test_each_recipient_gets_a_stored_copy_with_its_substitutions_and_merged_headers(standin, mail_body, new_email):
    """Substitutions fill subject and bodies per recipient; envelope headers override message headers."""
    ana, ben = new_email("ana"), new_email("ben")
    body = mail_body(
        subject="Hello -name-",
        content=[{"type": "text/plain", "value": "Hi -name-"}, {"type": "text/html", "value": "<p>Hi -name-</p>"}],
        headers={"X-Campaign": "nov", "List-Unsubscribe": "<https://x/u/default>"},
        categories=["newsletter"],
        custom_args={"campaign_id": "c1"},
        batch_id="batch-1",
        attachments=[{"content": base64.b64encode(b"%PDF").decode(), "filename": "a.pdf", "type": "application/pdf"}],
    )
    body["personalizations"] = [
        {
            "to": [{"email": ana, "name": "Ana"}],
            "substitutions": {"-name-": "Ana"},
            "headers": {"List-Unsubscribe": "<https://x/u/ana>"},
            "custom_args": {"recipient_id": "r1"},
        },
        {
            "to": [{"email": ben}],
            "substitutions": {"-name-": "Ben"},
            "custom_args": {"recipient_id": "r2", "campaign_id": "c9"},
        },
    ]
    response = standin.send(body)
    assert response.status_code == 202
    mail = {m["to"]: m for m in standin.dev("GET", "/dev/mail").json()}
    assert set(mail) == {ana, ben}
    assert (
        mail[ana]["subject"] == "Hello Ana" and mail[ana]["text"] == "Hi Ana" and mail[ana]["html"] == "<p>Hi Ana</p>"
    )
    assert mail[ben]["subject"] == "Hello Ben"
    assert mail[ana]["headers"] == {"X-Campaign": "nov", "List-Unsubscribe": "<https://x/u/ana>"}
    assert mail[ben]["headers"]["List-Unsubscribe"] == "<https://x/u/default>"
    assert mail[ana]["custom_args"] == {"campaign_id": "c1", "recipient_id": "r1"}
    assert mail[ben]["custom_args"] == {"campaign_id": "c9", "recipient_id": "r2"}
    assert mail[ana]["categories"] == ["newsletter"]
    assert mail[ana]["batch_id"] == "batch-1"
    assert mail[ana]["attachments"][0]["filename"] == "a.pdf"
    assert mail[ana]["attachments"][0]["type"] == "application/pdf"
    assert mail[ana]["message_id"] == response.headers["X-Message-Id"]
    assert mail[ana]["sent_at"].endswith("Z")


def test_cc_and_bcc_recipients_are_each_kept_as_their_own_copy(standin, mail_body, new_email):
    """A personalization with to, cc and bcc yields three stored messages."""
    to, cc, bcc = new_email("to"), new_email("cc"), new_email("bcc")
    body = mail_body()
    body["personalizations"] = [{"to": [{"email": to}], "cc": [{"email": cc}], "bcc": [{"email": bcc}]}]
    assert standin.send(body).status_code == 202
    kinds = {m["to"]: m["recipient_type"] for m in standin.dev("GET", "/dev/mail").json()}
    assert kinds == {to: "to", cc: "cc", bcc: "bcc"}


def test_sandbox_mode_checks_the_request_but_sends_nothing(standin, mail_body):
    """mail_settings.sandbox_mode.enable answers 200 and stores no message."""
    response = standin.send(mail_body(mail_settings={"sandbox_mode": {"enable": True}}))
    assert response.status_code == 200
    assert standin.dev("GET", "/dev/mail").json() == []


def test_a_body_that_is_not_json_is_a_bad_request(standin):
    """Unparseable JSON is answered 400 in SendGrid's shape."""
    response = standin.http.post(
        f"{standin.url}/v3/mail/send", data=b"{not json", headers={"Content-Type": "application/json"}, timeout=10
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "Bad Request"


def test_a_gzipped_body_is_accepted(standin, mail_body):
    """SendGrid's Content-Encoding: gzip option works."""
    data = gzip.compress(json.dumps(mail_body()).encode())
    response = standin.http.post(
        f"{standin.url}/v3/mail/send",
        data=data,
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
        timeout=10,
    )
    assert response.status_code == 202


def test_a_body_over_the_size_limit_is_answered_413(start_standin, mail_body):
    """Bodies over MAX_BODY_BYTES get SendGrid's 413 body."""
    running = start_standin(MAX_BODY_BYTES=2000)
    response = running.send(mail_body(subject="x" * 3000))
    assert response.status_code == 413
    assert response.json()["errors"][0]["message"] == "content too large"
    assert running.send(mail_body()).status_code == 202


def _errors(response: requests.Response) -> dict[str | None, str]:
    """Map each error's field to its message."""
    assert response.status_code == 400, response.text
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def test_reserved_headers_are_refused(standin, mail_body):
    """Headers SendGrid sets itself (To, Subject, ...) cannot be set, at either level."""
    body = mail_body(headers={"Subject": "x"})
    body["personalizations"][0]["headers"] = {"to": "someone@example.com"}
    errors = _errors(standin.send(body))
    assert "headers.Subject" in errors and "personalizations.0.headers.to" in errors


def test_text_plain_must_come_before_text_html(standin, mail_body):
    """Content in the order html, plain is refused."""
    body = mail_body(content=[{"type": "text/html", "value": "<p>x</p>"}, {"type": "text/plain", "value": "x"}])
    assert "text/plain, text/html" in _errors(standin.send(body))["content"]


def test_invalid_addresses_are_refused_with_the_field_that_holds_them(standin, mail_body):
    """A malformed to address is reported at its exact path."""
    body = mail_body("not-an-address")
    assert _errors(standin.send(body))["personalizations.0.to.0.email"] == "Does not contain a valid address."


def test_attachments_need_base64_content_and_a_filename(standin, mail_body):
    """Non-base64 content and a missing filename are both reported."""
    errors = _errors(standin.send(mail_body(attachments=[{"content": "%%%not base64"}])))
    assert "attachments.0.content" in errors and "attachments.0.filename" in errors


def test_custom_args_over_10000_bytes_are_refused(standin, mail_body):
    """Message and envelope custom_args together may not pass 10,000 bytes."""
    body = mail_body(custom_args={"a": "x" * 6000})
    body["personalizations"][0]["custom_args"] = {"b": "y" * 6000}
    assert "personalizations.0.custom_args" in _errors(standin.send(body))


def test_non_string_custom_args_are_refused(standin, mail_body):
    """custom_args values must be strings, as SendGrid requires."""
    assert "custom_args.n" in _errors(standin.send(mail_body(custom_args={"n": 1})))


def test_the_same_address_twice_in_one_personalization_is_refused(standin, mail_body, new_email):
    """to, cc and bcc of one envelope must not repeat an address."""
    email = new_email()
    body = mail_body(email)
    body["personalizations"][0]["cc"] = [{"email": email.upper()}]
    assert "duplicate" in _errors(standin.send(body))["personalizations.0.cc"]


def test_subject_may_come_from_every_personalization(standin, mail_body, new_email):
    """Without a message subject, each envelope's own subject suffices."""
    email = new_email()
    body = mail_body(email)
    del body["subject"]
    body["personalizations"][0]["subject"] = "Just for you"
    assert standin.send(body).status_code == 202
    assert standin.dev("GET", "/dev/mail", params={"to": email}).json()[0]["subject"] == "Just for you"
