"""The billing service's settings."""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from services.kit.service_settings import ServiceSettings


@dataclasses.dataclass(frozen=True)
class BillingSettings(ServiceSettings):
    """Settings of the billing service."""

    service: str = "billing"


def load_settings(env: Mapping[str, str] | None = None) -> BillingSettings:
    """Read the billing settings from `env` (the process environment by default)."""
    return BillingSettings.from_env(env)
