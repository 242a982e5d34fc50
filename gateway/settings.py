"""The gateway app's settings: upstreams to ask for health and docs, staff sign-in (Caddy reads its own)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from services.kit.config import BaseSettings, ConfigError, setting
from services.kit.dev_keys import DEV_STAFF_PRIVATE_KEY_PEM


@dataclasses.dataclass(frozen=True)
class GatewaySettings(BaseSettings):
    """Settings of the gateway; it refuses to start without its upstream URLs."""

    service: str = "gateway"
    leads_url: str = setting("LEADS_URL", "")
    billing_url: str = setting("BILLING_URL", "")
    newsletter_url: str = setting("NEWSLETTER_URL", "")
    sendgrid_standin_url: str = setting("SENDGRID_STANDIN_URL", "")
    stripe_standin_url: str = setting("STRIPE_STANDIN_URL", "")
    database_url: str = setting("GATEWAY_DATABASE_URL", "", secret=True, dev="sqlite:///var/gateway.db")
    staff_token_private_key: str = setting("STAFF_TOKEN_PRIVATE_KEY", "", secret=True, dev=DEV_STAFF_PRIVATE_KEY_PEM)
    # Its own key, so rotating the token signing key does not make enrolled authenticators unreadable.
    staff_totp_key: str = setting("STAFF_TOTP_KEY", "", secret=True, dev="dev-staff-totp-secrets-key")
    staff_token_ttl_seconds: int = setting("STAFF_TOKEN_TTL_SECONDS", 900)
    # Renewals while the person is active stop after this long; then password and code again.
    staff_session_max_seconds: int = setting("STAFF_SESSION_MAX_SECONDS", 36000)
    staff_home_timeout: float = setting("STAFF_HOME_TIMEOUT", 1.5)
    staff_totp_required: bool = setting("STAFF_TOTP_REQUIRED", True, dev=False)
    health_timeout: float = setting("HEALTH_TIMEOUT", 2.0)
    # Staff invitations leave through the gateway's own outbox and worker, like the services' email.
    sendgrid_api_key: str = setting("SENDGRID_API_KEY", "", secret=True, dev="SG.local-standin-key")
    sendgrid_host: str = setting("SENDGRID_HOST", "https://api.sendgrid.com", dev="http://127.0.0.1:8125")
    sendgrid_timeout_seconds: float = setting("SENDGRID_TIMEOUT_SECONDS", 20.0)
    mail_from: str = setting("MAIL_FROM", "care@clinic.example")
    outbox_max_attempts: int = setting("OUTBOX_MAX_ATTEMPTS", 8)
    outbox_lease_seconds: float = setting("OUTBOX_LEASE_SECONDS", 60.0)
    worker_poll_seconds: float = setting("WORKER_POLL_SECONDS", 0.5)
    clinic_name: str = setting("CLINIC_NAME", "Harbor Wellness")

    @property
    def upstreams(self) -> dict[str, str]:
        """Map each service's name to its base URL."""
        return {"leads": self.leads_url, "billing": self.billing_url, "newsletter": self.newsletter_url}


def load_settings(env: Mapping[str, str] | None = None) -> GatewaySettings:
    """Read the gateway's settings; refuse to start without the three upstream URLs."""
    settings = GatewaySettings.from_env(env)
    missing = [name.upper() + "_URL" for name, url in settings.upstreams.items() if not url]
    if missing:
        raise ConfigError("the gateway needs its upstream URLs: " + ", ".join(missing))
    if settings.is_production and (settings.sendgrid_standin_url or settings.stripe_standin_url):
        raise ConfigError("the provider stand-ins are for development only")
    return settings
