"""The stand-in's mail/send checks as a pure function, and its configuration."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standins.sendgrid.config import StandinConfig, config_from_env
from standins.sendgrid.validation import validate_mail_send

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=30,
)
_keys = st.sampled_from(
    [
        "personalizations",
        "from",
        "subject",
        "content",
        "headers",
        "categories",
        "custom_args",
        "attachments",
        "reply_to",
        "send_at",
        "template_id",
        "batch_id",
        "asm",
        "mail_settings",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_keys, _json, max_size=8) | _json)
def test_any_json_gets_a_list_of_errors_and_never_an_exception(body):
    """Whatever the shape of the body, the checks answer with errors rather than crashing."""
    errors = validate_mail_send(body, time.time())
    assert all(error.message for error in errors)


@settings(max_examples=100, deadline=None)
@given(st.lists(_json, min_size=1, max_size=3))
def test_any_personalization_shape_gets_errors_and_never_an_exception(envelopes):
    """Malformed envelopes of every kind are reported, not crashed on."""
    body = {
        "personalizations": envelopes,
        "from": {"email": "a@example.com"},
        "subject": "s",
        "content": [{"type": "text/plain", "value": "x"}],
    }
    validate_mail_send(body, time.time())


def test_send_at_more_than_72_hours_ahead_is_refused():
    """Scheduling is limited to 72 hours ahead, as the spec says."""
    now = time.time()
    body = {
        "personalizations": [{"to": [{"email": "a@example.com"}]}],
        "from": {"email": "b@example.com"},
        "subject": "s",
        "content": [{"type": "text/plain", "value": "x"}],
    }
    assert validate_mail_send({**body, "send_at": int(now) + 3600}, now) == []
    assert [e.field for e in validate_mail_send({**body, "send_at": int(now) + 73 * 3600}, now)] == ["send_at"]


def test_a_template_stands_in_for_subject_and_content():
    """With template_id, neither subject nor content is required."""
    body = {
        "personalizations": [{"to": [{"email": "a@example.com"}]}],
        "from": {"email": "b@example.com"},
        "template_id": "d-123",
    }
    assert validate_mail_send(body, time.time()) == []


def test_config_reads_prefixed_environment_variables():
    """SENDGRID_STANDIN_* variables become typed settings."""
    env = {
        "SENDGRID_STANDIN_EVENT_WEBHOOK_URL": "http://127.0.0.1:9/hook",
        "SENDGRID_STANDIN_RATE_LIMIT": "7",
        "SENDGRID_STANDIN_WEBHOOK_RETRY_SECONDS": "0.25",
        "UNRELATED": "x",
    }
    config = StandinConfig.from_mapping(config_from_env(env))
    assert config.event_webhook_url == "http://127.0.0.1:9/hook"
    assert config.rate_limit == 7 and config.webhook_retry_seconds == 0.25


@pytest.mark.parametrize("mapping", [{"RATE_LIMIT": "many"}, {"MAX_BODY_BYTES": 0}, {"WEBHOOK_RETRY_SECONDS": -1}])
def test_config_refuses_unusable_values(mapping):
    """Non-numbers and non-positive limits fail at start, with the setting's name."""
    with pytest.raises(ValueError, match=next(iter(mapping))):
        StandinConfig.from_mapping(mapping)
