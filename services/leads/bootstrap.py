"""The leads service's composition root."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app
from itsdangerous import URLSafeTimedSerializer

from services.kit.container import Container
from services.kit.email import EmailSender
from services.leads.privacy.blind_index import BlindIndex
from services.leads.privacy.field_cipher import FieldCipher
from services.leads.settings import LeadsSettings, load_settings
from services.leads.tables import infra, metadata


@dataclass(frozen=True)
class LeadsParts:
    """What the leads code needs besides the shared container: its typed settings and its keys."""

    container: Container
    settings: LeadsSettings
    cipher: FieldCipher
    index: BlindIndex
    links: URLSafeTimedSerializer


def build_container(env: Mapping[str, str] | None = None, *, email: EmailSender | None = None) -> Container:
    """Wire the leads service from its settings; tests may hand in their own email sender."""
    settings = load_settings(env)
    # With more request threads than pooled connections, connections beyond the pool are closed on return
    # and reopened on the next burst (a PostgreSQL process each time).
    container = Container.build(settings, metadata, infra, pool_size=settings.db_pool_size, email=email)
    container.parts = LeadsParts(
        container=container,
        settings=settings,
        cipher=FieldCipher(settings.data_encryption_keys),
        index=BlindIndex(settings.blind_index_key),
        links=URLSafeTimedSerializer(settings.link_signing_key, salt="leads-result-link"),
    )
    return container


def parts_of(container: Container) -> LeadsParts:
    """Return the leads parts wired into `container`."""
    return container.parts_as(LeadsParts)


def current_parts() -> LeadsParts:
    """Return the leads parts of the app handling the current request."""
    return parts_of(current_app.extensions["container"])
