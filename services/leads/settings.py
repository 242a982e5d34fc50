"""The leads service's settings."""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from services.kit.service_settings import ServiceSettings


@dataclasses.dataclass(frozen=True)
class LeadsSettings(ServiceSettings):
    """Settings of the leads service."""

    service: str = "leads"


def load_settings(env: Mapping[str, str] | None = None) -> LeadsSettings:
    """Read the leads settings from `env` (the process environment by default)."""
    return LeadsSettings.from_env(env)
