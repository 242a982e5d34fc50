"""The newsletter service's settings."""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from services.kit.service_settings import ServiceSettings


@dataclasses.dataclass(frozen=True)
class NewsletterSettings(ServiceSettings):
    """Settings of the newsletter service."""

    service: str = "newsletter"


def load_settings(env: Mapping[str, str] | None = None) -> NewsletterSettings:
    """Read the newsletter settings from `env` (the process environment by default)."""
    return NewsletterSettings.from_env(env)
