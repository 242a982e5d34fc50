"""The billing service's settings."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from services.kit.config import setting
from services.kit.service_settings import ServiceSettings

STANDIN_API_BASE = "http://127.0.0.1:12111"


@dataclasses.dataclass(frozen=True)
class BillingSettings(ServiceSettings):
    """Settings of the billing service."""

    service: str = "billing"
    stripe_secret_key: str = setting("STRIPE_SECRET_KEY", "", secret=True, dev="sk_test_standin")
    stripe_api_base: str = setting("STRIPE_API_BASE", "https://api.stripe.com", dev=STANDIN_API_BASE)
    # Comma list: during a rotation both the old and the new endpoint secret are accepted.
    stripe_webhook_secrets: tuple[str, ...] = setting(
        "STRIPE_WEBHOOK_SECRETS", (), secret=True, dev=("whsec_dev_standin",)
    )
    stripe_webhook_tolerance: int = setting("STRIPE_WEBHOOK_TOLERANCE", 300)
    stripe_timeout: float = setting("STRIPE_TIMEOUT", 20.0)
    stripe_price_id: str = setting("STRIPE_PRICE_ID", "")
    stripe_product_id: str = setting("STRIPE_PRODUCT_ID", "membership")
    price_lookup_key: str = setting("STRIPE_PRICE_LOOKUP_KEY", "membership-monthly")
    product_name: str = setting("MEMBERSHIP_PRODUCT_NAME", "Membership")
    amount_cents: int = setting("MEMBERSHIP_AMOUNT_CENTS", 25000)
    currency: str = setting("MEMBERSHIP_CURRENCY", "usd")
    grace_days: int = setting("GRACE_DAYS", 7)
    link_signing_key: str = setting("LINK_SIGNING_KEY", "", secret=True, dev="dev-billing-link-key")
    signin_link_minutes: int = setting("SIGNIN_LINK_MINUTES", 15)
    # Retention: expired sign-in links, and Stripe events once processed (their payloads hold the customer's email).
    signin_link_keep_days: int = setting("SIGNIN_LINK_KEEP_DAYS", 1)
    stripe_event_keep_days: int = setting("STRIPE_EVENT_KEEP_DAYS", 30)
    reconcile_every_seconds: float = setting("RECONCILE_EVERY_SECONDS", 3600.0)
    states_served: tuple[str, ...] = setting("STATES_SERVED", ("FL", "NJ"))

    @property
    def uses_standin(self) -> bool:
        """Tell whether the Stripe client points at something other than Stripe itself."""
        return not self.stripe_api_base.startswith("https://api.stripe.com")


def load_settings(env: Mapping[str, str] | None = None) -> BillingSettings:
    """Read the billing settings from `env` (the process environment by default)."""
    return BillingSettings.from_env(env)
