"""The leads service's composition root."""
from __future__ import annotations

from collections.abc import Mapping

from services.kit.container import Container
from services.leads.settings import load_settings
from services.leads.tables import infra, metadata


def build_container(env: Mapping[str, str] | None = None) -> Container:
    """Wire the leads service from its settings."""
    return Container.build(load_settings(env), metadata, infra)
