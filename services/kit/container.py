"""What a service is made of, built once in its composition root and replaced in one place by tests.

Every service assembles the same way: its `bootstrap.build_container(env, **overrides)` builds this
container (database, outbox, the one email sender) plus the service's own typed parts, which it
attaches as `parts`; `bootstrap.parts_of(container)` and `bootstrap.current_parts()` read them back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import MetaData

from services.kit.db import Database
from services.kit.email import EmailSender, SendGridEmailSender
from services.kit.infra_tables import InfraTables
from services.kit.outbox import OutboxStore
from services.kit.service_settings import ServiceSettings

P = TypeVar("P")


@dataclass
class Container:
    """A service's settings, database, tables, outbox, email sender and its own parts."""

    settings: ServiceSettings
    db: Database
    metadata: MetaData
    infra: InfraTables
    outbox: OutboxStore
    email: EmailSender
    parts: object | None = None

    @classmethod
    def build(
        cls,
        settings: ServiceSettings,
        metadata: MetaData,
        infra: InfraTables,
        *,
        pool_size: int = 10,
        email: EmailSender | None = None,
    ) -> Container:
        """Open the database, wire the outbox and build the email sender for `settings`."""
        db = Database(settings.database_url, pool_size=pool_size)
        store = OutboxStore(
            db, infra.outbox, max_attempts=settings.outbox_max_attempts, lease_seconds=settings.outbox_lease_seconds
        )
        sender = email or SendGridEmailSender(
            settings.sendgrid_api_key, settings.sendgrid_host, timeout=settings.sendgrid_timeout_seconds
        )
        return cls(settings=settings, db=db, metadata=metadata, infra=infra, outbox=store, email=sender)

    def parts_as(self, kind: type[P]) -> P:
        """The service's own parts, checked to be the `kind` its bootstrap attached."""
        if not isinstance(self.parts, kind):
            raise TypeError(f"this container holds {type(self.parts).__name__}, not {kind.__name__}")
        return self.parts
