"""Signed Event Webhook posts from the stand-in, checked with SendGrid's own verifier."""

from __future__ import annotations

import json

from sendgrid import SendGridAPIClient
from sendgrid.helpers.eventwebhook import EventWebhook
from sendgrid.helpers.eventwebhook.eventwebhook_header import EventWebhookHeader

from standins.sendgrid.signing import EventSigner

API_KEY = "SG.test-suite-key"


def _public_key(standin) -> str:
    """Fetch the signing public key through the official library, as an operator would."""
    client = SendGridAPIClient(API_KEY, host=standin.url)
    response = client.client.user.webhooks.event.settings.signed.get()
    return json.loads(response.body)["public_key"]


def test_accepted_mail_produces_processed_and_delivered_events_per_recipient(
    signed_standin, receiver, mail_body, new_email
):
    """Each recipient gets processed then delivered, with SendGrid's fields and custom_args flattened."""
    ana, ben = new_email("ana"), new_email("ben")
    body = mail_body(ana, ben, categories=["newsletter"], custom_args={"campaign_id": "c1"})
    body["personalizations"][0]["custom_args"] = {"recipient_id": "r-ana"}
    response = signed_standin.send(body)
    events = receiver.wait_for(lambda found: len(found) >= 4)
    assert sorted((e["email"], e["event"]) for e in events) == sorted(
        [(ana, "processed"), (ana, "delivered"), (ben, "processed"), (ben, "delivered")]
    )
    ana_delivered = next(e for e in events if e["email"] == ana and e["event"] == "delivered")
    assert ana_delivered["recipient_id"] == "r-ana" and ana_delivered["campaign_id"] == "c1"
    assert ana_delivered["category"] == "newsletter"
    assert ana_delivered["sg_message_id"].startswith(response.headers["X-Message-Id"] + ".")
    assert isinstance(ana_delivered["timestamp"], int)
    assert len({e["sg_event_id"] for e in events}) == 4


def test_every_post_verifies_with_sendgrids_eventwebhook_and_the_published_key(signed_standin, receiver, mail_body):
    """The official verifier accepts the signature over the raw body, and rejects a changed body."""
    signed_standin.send(mail_body())
    receiver.wait_for(lambda found: len(found) >= 2)
    verifier = EventWebhook(_public_key(signed_standin))
    post = receiver.posts[0]
    headers = {name.lower(): value for name, value in post["headers"].items()}
    signature = headers[EventWebhookHeader.SIGNATURE.lower()]
    timestamp = headers[EventWebhookHeader.TIMESTAMP.lower()]
    assert post["body"].endswith(b"\r\n")
    assert verifier.verify_signature(post["body"].decode(), signature, timestamp) is True
    tampered = post["body"].replace(b"processed", b"delivered")
    assert verifier.verify_signature(tampered.decode(), signature, timestamp) is False
    assert verifier.verify_signature(post["body"].decode(), signature, str(int(timestamp) + 1)) is False


def test_the_public_key_is_stable_for_a_seed_and_differs_between_seeds():
    """The dev key pair comes from the seed, so configuration can carry its public key."""
    assert EventSigner("seed-a").public_key == EventSigner("seed-a").public_key
    assert EventSigner("seed-a").public_key != EventSigner("seed-b").public_key


def test_the_settings_endpoint_names_the_webhook_url_and_key(signed_standin, receiver):
    """GET /v3/user/webhooks/event/settings reports the URL, enabled, and the public key."""
    settings = signed_standin.http.get(f"{signed_standin.url}/v3/user/webhooks/event/settings", timeout=10).json()
    assert settings["enabled"] is True and settings["url"] == receiver.url
    assert settings["public_key"] == _public_key(signed_standin)


def test_dev_events_emit_bounce_open_and_click_for_the_latest_message(signed_standin, receiver, mail_body, new_email):
    """POST /dev/sendgrid/events sends the named event with its particular fields."""
    email = new_email()
    signed_standin.send(mail_body(email, custom_args={"campaign_id": "c2"}))
    for request in (
        {"email": email, "event": "open", "machine_open": True},
        {"email": email, "event": "click", "url": "https://clinic.example/ppd"},
        {"email": email, "event": "bounce", "type": "blocked"},
    ):
        response = signed_standin.dev("POST", "/dev/sendgrid/events", json=request)
        assert response.status_code == 202, response.text
    events = receiver.wait_for(lambda found: len(found) >= 5)
    by_kind = {e["event"]: e for e in events}
    assert by_kind["open"]["sg_machine_open"] is True
    assert by_kind["click"]["url"] == "https://clinic.example/ppd"
    assert by_kind["bounce"]["type"] == "blocked"
    assert all(e["campaign_id"] == "c2" for e in events)


def test_a_bounce_suppresses_the_address_so_later_mail_is_dropped(signed_standin, receiver, mail_body, new_email):
    """After a bounce, mail to the address is accepted but dropped, as SendGrid's suppression list does."""
    email = new_email()
    signed_standin.send(mail_body(email))
    assert (
        signed_standin.dev("POST", "/dev/sendgrid/events", json={"email": email, "event": "bounce"}).status_code == 202
    )
    signed_standin.send(mail_body(email))
    events = receiver.wait_for(lambda found: any(e["event"] == "dropped" for e in found))
    dropped = [e for e in events if e["event"] == "dropped"]
    assert dropped and dropped[0]["reason"] == "Bounced Address"
    assert signed_standin.dev("GET", "/dev/mail", params={"to": email}).json()[0]["status"] == "dropped"


def test_failed_deliveries_are_retried(signed_standin, receiver, mail_body):
    """A receiver that answers 500 twice still gets the batch on the third try."""
    receiver.fail_next = 2
    signed_standin.send(mail_body())
    events = receiver.wait_for(lambda found: len(found) >= 2)
    assert len(events) == 2
    assert [p["failed"] for p in receiver.posts] == [True, True, False]
    assert signed_standin.state.dispatcher.wait_idle(5)
    assert signed_standin.dev("GET", "/dev/sendgrid/webhook").json()["posted_events"] == 2


def test_dev_events_need_a_known_address_a_known_event_and_a_webhook(standin, signed_standin, mail_body, new_email):
    """Unknown events are 400, unknown addresses 404, and a stand-in without a webhook 409."""
    email = new_email()
    signed_standin.send(mail_body(email))
    bad = signed_standin.dev("POST", "/dev/sendgrid/events", json={"email": email, "event": "exploded", "x": 1})
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"event", "x"}
    missing = signed_standin.dev("POST", "/dev/sendgrid/events", json={"email": new_email(), "event": "open"})
    assert missing.status_code == 404
    standin.send(mail_body(email))
    assert standin.dev("POST", "/dev/sendgrid/events", json={"email": email, "event": "open"}).status_code == 409


def test_the_webhook_url_can_be_set_while_running(standin, receiver, mail_body):
    """PUT /dev/sendgrid/webhook points events at a receiver started after the stand-in."""
    response = standin.dev("PUT", "/dev/sendgrid/webhook", json={"url": receiver.url})
    assert response.status_code == 200 and response.json()["url"] == receiver.url
    standin.send(mail_body())
    assert len(receiver.wait_for(lambda found: len(found) >= 2)) == 2
    assert standin.dev("PUT", "/dev/sendgrid/webhook", json={"url": "ftp://x"}).status_code == 400
