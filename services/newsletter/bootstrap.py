"""The newsletter service's composition root."""
from __future__ import annotations

from collections.abc import Mapping

from services.kit.container import Container
from services.newsletter.settings import load_settings
from services.newsletter.tables import infra, metadata


def build_container(env: Mapping[str, str] | None = None) -> Container:
    """Wire the newsletter service from its settings."""
    return Container.build(load_settings(env), metadata, infra)
