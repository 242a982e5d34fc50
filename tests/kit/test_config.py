"""Settings: development defaults, production strictness, typed values."""

from __future__ import annotations

import pytest

from services.kit.config import ConfigError
from services.kit.service_settings import ServiceSettings


def leads_settings(env):
    """Build the shared service settings as the leads service would."""
    return ServiceSettings.from_env(env, service="leads")


def test_development_runs_with_no_environment_at_all():
    """A fresh clone needs no keys: development fills in local defaults."""
    settings = leads_settings({})
    assert settings.database_url == "sqlite:///var/leads.db"
    assert settings.sendgrid_host.startswith("http://127.0.0.1")
    assert "PUBLIC KEY" in settings.staff_token_public_key


def test_production_without_secrets_refuses_to_start():
    """APP_ENV=production names every missing secret and refuses to build settings."""
    with pytest.raises(ConfigError) as caught:
        leads_settings({"APP_ENV": "production"})
    message = str(caught.value)
    for name in ("LEADS_DATABASE_URL", "EVENTS_SIGNING_KEY", "STAFF_TOKEN_PUBLIC_KEY", "SENDGRID_API_KEY"):
        assert name in message


def test_production_never_falls_back_to_development_values():
    """With every secret given, production uses them and the real provider host."""
    env = {
        "APP_ENV": "production",
        "LEADS_DATABASE_URL": "postgresql://db/leads",
        "EVENTS_SIGNING_KEY": "k" * 32,
        "STAFF_TOKEN_PUBLIC_KEY": "pem",
        "SENDGRID_API_KEY": "SG.real",
        "LEADS_URL": "http://leads",
        "BILLING_URL": "http://billing",
        "NEWSLETTER_URL": "http://newsletter",
    }
    settings = leads_settings(env)
    assert settings.is_production
    assert settings.sendgrid_host == "https://api.sendgrid.com"
    assert settings.database_url == "postgresql://db/leads"


def test_typed_values_are_parsed_and_bad_ones_named():
    """Numbers are parsed; a malformed number names its variable."""
    assert leads_settings({"OUTBOX_MAX_ATTEMPTS": "3"}).outbox_max_attempts == 3
    with pytest.raises(ConfigError, match="OUTBOX_MAX_ATTEMPTS"):
        leads_settings({"OUTBOX_MAX_ATTEMPTS": "many"})
