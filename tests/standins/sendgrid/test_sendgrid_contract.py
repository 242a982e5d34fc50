"""Contract: the adapter's payloads, the stand-in's answers and limits, against SendGrid's published spec."""

from __future__ import annotations

import copy
import re
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from services.kit.email.message import Attachment, EmailMessage, Recipient, to_sendgrid_payload
from standins.sendgrid.validation import validate_mail_send


def _honour_nullable(node: Any) -> Any:
    """Read OpenAPI's `nullable: true` (left in this 3.1 document) as JSON Schema's type null."""
    if isinstance(node, dict):
        node = {key: _honour_nullable(value) for key, value in node.items()}
        if node.get("nullable") is True and isinstance(node.get("type"), str):
            node["type"] = [node["type"], "null"]
        return node
    if isinstance(node, list):
        return [_honour_nullable(item) for item in node]
    return node


def _validator(spec: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    """A validator for one schema of the spec, resolving its #/components references."""
    root = _honour_nullable({**copy.deepcopy(schema), "components": spec["components"]})
    return Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _request_schema(spec: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema of the POST /v3/mail/send body."""
    return spec["components"]["requestBodies"]["PostMailSend"]["content"]["application/json"]["schema"]


def _response_schema(spec: dict[str, Any], status: int) -> dict[str, Any]:
    """The schema of a mail/send error answer; the spec lists no 429, which uses the shared ErrorResponse."""
    name = f"PostMailSend{status}"
    if name not in spec["components"]["responses"]:
        return {"$ref": "#/components/schemas/ErrorResponse"}
    return spec["components"]["responses"][name]["content"]["application/json"]["schema"]


def _assert_valid(validator: Draft202012Validator, instance: Any) -> None:
    """Fail with every schema error listed."""
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]
    assert not errors, errors


RICH_MESSAGE = EmailMessage(
    from_email="care@clinic.example",
    from_name="Harbor Wellness",
    subject="Your free assessment, -first_name-",
    html="<p>Hello -first_name-</p>",
    text="Hello -first_name-",
    recipients=(
        Recipient(
            "ana@example.com",
            "Ana Diaz",
            headers={
                "List-Unsubscribe": "<https://clinic.example/u/t1>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
            substitutions={"-first_name-": "Ana"},
            custom_args={"recipient_id": "r1"},
        ),
        Recipient("ben@example.com"),
    ),
    reply_to="intake@clinic.example",
    headers={"X-Entity-Ref-ID": "c-1"},
    categories=("newsletter", "nov"),
    custom_args={"campaign_id": "c-1"},
    attachments=(Attachment("guide.pdf", b"%PDF-1.7", "application/pdf"),),
    batch_id="batch-1",
)


def test_a_payload_the_adapter_builds_matches_the_published_request_schema(mail_spec):
    """Every field the adapter uses is shaped as the spec defines it."""
    _assert_valid(_validator(mail_spec, _request_schema(mail_spec)), to_sendgrid_payload(RICH_MESSAGE))


_emails = st.from_regex(r"[a-z0-9][a-z0-9.+_-]{0,15}@[a-z0-9]{1,12}\.(example|test|com)", fullmatch=True)
_words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)
_pairs = st.dictionaries(st.from_regex(r"[a-z_]{1,12}", fullmatch=True), _words, max_size=3)
_recipients = st.builds(Recipient, _emails, st.none() | _words, st.just({}), _pairs, _pairs)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    recipients=st.lists(_recipients, min_size=1, max_size=20, unique_by=lambda r: r.email),
    html=st.none() | _words,
    text=_words,
    categories=st.lists(st.from_regex(r"[a-z]{1,20}", fullmatch=True), max_size=10, unique=True),
    custom_args=_pairs,
)
def test_any_message_the_adapter_builds_matches_the_schema_and_passes_the_standins_checks(
    mail_spec, recipients, html, text, categories, custom_args
):
    """Generated messages always make a spec-valid body that the stand-in would accept."""
    message = EmailMessage(
        "care@clinic.example",
        None,
        "Subject",
        html,
        text,
        tuple(recipients),
        categories=tuple(categories),
        custom_args=custom_args,
    )
    payload = to_sendgrid_payload(message)
    _assert_valid(_validator(mail_spec, _request_schema(mail_spec)), payload)
    assert validate_mail_send(payload, time.time()) == []


def test_the_specs_own_examples_are_accepted_by_the_standin(standin, mail_spec):
    """The request examples published with the spec are valid for the stand-in too."""
    examples = mail_spec["components"]["requestBodies"]["PostMailSend"]["content"]["application/json"]["examples"]
    assert examples
    for name, example in examples.items():
        response = standin.send(example["value"])
        assert response.status_code == 202, (name, response.text)


def test_a_202_answer_has_no_body_as_the_spec_defines(standin, mail_body, mail_spec):
    """The spec's 202 has no content; the stand-in sends none."""
    assert "content" not in mail_spec["paths"]["/v3/mail/send"]["post"]["responses"]["202"]
    response = standin.send(mail_body())
    assert response.status_code == 202 and response.content == b""


def _error_answer(start_standin, mail_body, status: int):
    """Provoke one error status from a fresh stand-in."""
    running = start_standin(MAX_BODY_BYTES=5000)
    if status == 400:
        body = mail_body()
        del body["from"]
        return running.send(body)
    if status == 401:
        return running.send(mail_body(), headers={"Authorization": ""})
    if status == 413:
        return running.send(mail_body(subject="x" * 6000))
    running.dev("POST", "/dev/sendgrid/faults", json={"mode": str(status)})
    return running.send(mail_body())


@pytest.mark.parametrize("status", [400, 401, 413, 429, 500])
def test_error_answers_match_the_specs_response_definitions(start_standin, mail_body, mail_spec, status):
    """Each error body validates against the spec's schema for that status."""
    response = _error_answer(start_standin, mail_body, status)
    assert response.status_code == status
    _assert_valid(_validator(mail_spec, _response_schema(mail_spec, status)), response.json())
    assert response.json()["errors"][0]["message"]


def _personalizations(count: int) -> list[dict[str, Any]]:
    """`count` envelopes with one distinct recipient each."""
    return [{"to": [{"email": f"p{i}@example.com"}]} for i in range(count)]


def test_personalizations_up_to_the_spec_maximum_are_accepted_and_one_more_is_refused(standin, mail_body, mail_spec):
    """The spec's maxItems for personalizations is enforced exactly."""
    limit = _request_schema(mail_spec)["properties"]["personalizations"]["maxItems"]
    assert limit == 1000
    assert standin.send(mail_body(personalizations=_personalizations(limit))).status_code == 202
    refused = standin.send(mail_body(personalizations=_personalizations(limit + 1)))
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "personalizations"
    assert standin.dev("GET", "/dev/mail/stats").json()["total"] == limit


def test_more_than_1000_recipients_in_total_are_refused(standin, mail_body):
    """to, cc and bcc across all personalizations count toward the 1000-recipient limit."""
    envelopes = _personalizations(1000)
    envelopes[0]["cc"] = [{"email": "extra@example.com"}]
    assert standin.send(mail_body(personalizations=envelopes)).status_code == 400
    one_envelope = [{"to": [{"email": f"t{i}@example.com"} for i in range(1001)]}]
    assert standin.send(mail_body(personalizations=one_envelope)).status_code == 400


def test_every_field_the_spec_requires_is_required(standin, mail_body, mail_spec):
    """Leaving out any of the spec's required fields (personalizations, from) is a 400."""
    required = _request_schema(mail_spec)["required"]
    assert set(required) == {"personalizations", "from"}
    for name in required:
        body = mail_body()
        del body[name]
        response = standin.send(body)
        assert response.status_code == 400
        assert any(e["field"].startswith(name) for e in response.json()["errors"])


def test_categories_up_to_the_spec_maximum_are_accepted_and_one_more_is_refused(standin, mail_body, mail_spec):
    """The spec's maxItems and maxLength for categories are enforced."""
    schema = _request_schema(mail_spec)["properties"]["categories"]
    most, longest = schema["maxItems"], schema["items"]["maxLength"]
    assert standin.send(mail_body(categories=[f"c{i}" for i in range(most)])).status_code == 202
    assert standin.send(mail_body(categories=[f"c{i}" for i in range(most + 1)])).status_code == 400
    assert standin.send(mail_body(categories=["x" * (longest + 1)])).status_code == 400


def test_every_header_the_spec_reserves_is_refused(standin, mail_body, mail_spec):
    """The headers the spec says may not be overridden are refused, in any case."""
    description = _request_schema(mail_spec)["properties"]["headers"]["description"]
    reserved = re.findall(r"`([^`]+)`", description)
    assert len(reserved) >= 10
    for name in reserved:
        assert standin.send(mail_body(headers={name.upper(): "x"})).status_code == 400, name
    assert standin.send(mail_body(headers={"X-Not-Reserved": "x"})).status_code == 202


def test_custom_args_up_to_10000_bytes_are_accepted_and_more_are_refused(standin, mail_body):
    """The 10,000-byte custom_args limit the spec describes is enforced."""
    overhead = len('{"k":""}')
    assert standin.send(mail_body(custom_args={"k": "x" * (10_000 - overhead)})).status_code == 202
    assert standin.send(mail_body(custom_args={"k": "x" * (10_001 - overhead)})).status_code == 400


def test_the_signed_webhook_public_key_answer_matches_the_spec(standin, webhooks_spec):
    """GET .../event/settings/signed answers {id, public_key} as the spec defines it."""
    operation = webhooks_spec["paths"]["/v3/user/webhooks/event/settings/signed/{id}"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    for path in (
        "/v3/user/webhooks/event/settings/signed",
        "/v3/user/webhooks/event/settings/signed/" + _webhook_id(standin),
    ):
        answer = standin.http.get(f"{standin.url}{path}", timeout=10).json()
        _assert_valid(_validator(webhooks_spec, schema), answer)
        assert answer["public_key"]


def test_the_webhook_settings_answer_matches_the_spec(standin, webhooks_spec):
    """GET .../event/settings/{id} validates against the spec's response schema."""
    operation = webhooks_spec["paths"]["/v3/user/webhooks/event/settings/{id}"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    answer = standin.http.get(f"{standin.url}/v3/user/webhooks/event/settings/{_webhook_id(standin)}", timeout=10)
    _assert_valid(_validator(webhooks_spec, schema), answer.json())
    unknown = standin.http.get(f"{standin.url}/v3/user/webhooks/event/settings/signed/nope", timeout=10)
    assert unknown.status_code == 404


def _webhook_id(standin) -> str:
    """The id of the stand-in's one Event Webhook."""
    return standin.http.get(f"{standin.url}/v3/user/webhooks/event/settings", timeout=10).json()["id"]
