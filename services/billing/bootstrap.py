"""The billing service's composition root."""
from __future__ import annotations

from collections.abc import Mapping

from services.kit.container import Container
from services.billing.settings import load_settings
from services.billing.tables import infra, metadata


def build_container(env: Mapping[str, str] | None = None) -> Container:
    """Wire the billing service from its settings."""
    return Container.build(load_settings(env), metadata, infra)
