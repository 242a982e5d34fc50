"""Gateway settings for staff sign-in: production refuses to start without its signing key."""

from __future__ import annotations

import pytest

from gateway.settings import load_settings
from services.kit.config import ConfigError
from tests.gateway_staff.conftest import UPSTREAMS

PRODUCTION = {
    "APP_ENV": "production",
    **UPSTREAMS,
    "GATEWAY_DATABASE_URL": "postgresql://db/gateway",
    "EVENTS_SIGNING_KEY": "k" * 32,
    "STAFF_TOKEN_PUBLIC_KEY": "pem",
    "STAFF_TOKEN_PRIVATE_KEY": "pem",
    "STAFF_TOTP_KEY": "t" * 32,
    "SENDGRID_API_KEY": "SG.production-key",
}


def test_production_without_the_private_key_refuses_to_start():
    """APP_ENV=production with no STAFF_TOKEN_PRIVATE_KEY is a ConfigError naming it."""
    env = {key: value for key, value in PRODUCTION.items() if key != "STAFF_TOKEN_PRIVATE_KEY"}
    with pytest.raises(ConfigError, match="STAFF_TOKEN_PRIVATE_KEY"):
        load_settings(env)


def test_production_without_the_totp_key_refuses_to_start():
    """The key sealing authenticator secrets is its own production secret."""
    env = {key: value for key, value in PRODUCTION.items() if key != "STAFF_TOTP_KEY"}
    with pytest.raises(ConfigError, match="STAFF_TOTP_KEY"):
        load_settings(env)


def test_production_without_the_email_key_refuses_to_start():
    """Staff invitations need the email provider's key in production."""
    env = {key: value for key, value in PRODUCTION.items() if key != "SENDGRID_API_KEY"}
    with pytest.raises(ConfigError, match="SENDGRID_API_KEY"):
        load_settings(env)


def test_production_requires_totp_and_development_does_not():
    """The second factor is on by default in production and off in development."""
    assert load_settings(PRODUCTION).staff_totp_required is True
    development = load_settings({**UPSTREAMS})
    assert development.staff_totp_required is False
    assert "PRIVATE KEY" in development.staff_token_private_key
    assert development.staff_token_ttl_seconds == 900
