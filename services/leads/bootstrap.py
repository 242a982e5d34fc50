"""The leads service's composition root."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app
from itsdangerous import URLSafeTimedSerializer

from services.kit.container import Container
from services.kit.db import Database
from services.kit.outbox import OutboxStore
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


def build_container(env: Mapping[str, str] | None = None) -> Container:
    """Wire the leads service from its settings."""
    settings = load_settings(env)
    # Container.build's default pool keeps 5 connections; with more request threads than that, connections
    # beyond the pool are closed on return and reopened on the next burst (a PostgreSQL process each time).
    db = Database(settings.database_url, pool_size=settings.db_pool_size)
    outbox = OutboxStore(
        db, infra.outbox, max_attempts=settings.outbox_max_attempts, lease_seconds=settings.outbox_lease_seconds
    )
    container = Container(settings=settings, db=db, metadata=metadata, infra=infra, outbox=outbox)
    container.extras["leads"] = LeadsParts(
        container=container,
        settings=settings,
        cipher=FieldCipher(settings.data_encryption_keys),
        index=BlindIndex(settings.blind_index_key),
        links=URLSafeTimedSerializer(settings.link_signing_key, salt="leads-result-link"),
    )
    return container


def parts_of(container: Container) -> LeadsParts:
    """Return the leads parts wired into `container`."""
    return container.extras["leads"]  # type: ignore[no-any-return]


def current_parts() -> LeadsParts:
    """Return the leads parts of the app handling the current request."""
    return parts_of(current_app.extensions["container"])
