"""The newsletter service's settings."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from services.kit.config import setting
from services.kit.service_settings import ServiceSettings

# The SendGrid stand-in derives its event-signing key pair from a published seed
# (standins/sendgrid/config.py DEFAULT_SIGNING_SEED); this is its public half, base64 DER.
# Services never import the stand-in, so the key is written out here.
STANDIN_WEBHOOK_PUBLIC_KEY = (
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2F/+eyvxbDJ5OCAwUnfJHcsVgOriOtRm"
    "PeQZl2HL3Bqlnr8qT98zDBHK4SerrruaHY+BuTLmeS1S1maPpBj/zw=="
)


@dataclasses.dataclass(frozen=True)
class NewsletterSettings(ServiceSettings):
    """Settings of the newsletter service."""

    service: str = "newsletter"
    link_signing_key: str = setting("LINK_SIGNING_KEY", "", secret=True, dev="dev-newsletter-link-signing-key")
    sendgrid_webhook_public_key: str = setting(
        "SENDGRID_WEBHOOK_PUBLIC_KEY", "", secret=True, dev=STANDIN_WEBHOOK_PUBLIC_KEY
    )
    confirm_ttl_hours: int = setting("CONFIRM_TTL_HOURS", 72)
    pending_expiry_days: int = setting("PENDING_EXPIRY_DAYS", 7)
    # Recipients per second across all workers; 0 sends as fast as SendGrid accepts.
    send_rate_per_second: float = setting("SEND_RATE_PER_SECOND", 10000.0)
    batch_size: int = setting("BATCH_SIZE", 1000)
    consent_text_version: str = setting("CONSENT_TEXT_VERSION", "newsletter-2026-11")
    # Confirmation and "already subscribed" emails one address may receive per day.
    signup_mails_per_day: int = setting("SIGNUP_MAILS_PER_DAY", 3)
    batch_max_attempts: int = setting("BATCH_MAX_ATTEMPTS", 10)


def load_settings(env: Mapping[str, str] | None = None) -> NewsletterSettings:
    """Read the newsletter settings from `env` (the process environment by default)."""
    return NewsletterSettings.from_env(env)
