"""What a service is made of, built once in its composition root and replaced in one place by tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import MetaData

from services.kit.db import Database
from services.kit.infra_tables import InfraTables
from services.kit.outbox import OutboxStore
from services.kit.service_settings import ServiceSettings


@dataclass
class Container:
    """A service's settings, database, tables and adapters."""

    settings: ServiceSettings
    db: Database
    metadata: MetaData
    infra: InfraTables
    outbox: OutboxStore
    extras: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, settings: ServiceSettings, metadata: MetaData, infra: InfraTables) -> Container:
        """Open the database and wire the outbox for `settings`."""
        db = Database(settings.database_url)
        store = OutboxStore(
            db, infra.outbox, max_attempts=settings.outbox_max_attempts, lease_seconds=settings.outbox_lease_seconds
        )
        return cls(settings=settings, db=db, metadata=metadata, infra=infra, outbox=store)
