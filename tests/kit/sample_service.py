"""A tiny service built on the toolkit alone, run as real processes by the toolkit's tests."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from flask import Flask
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select
from sqlalchemy.orm import Session

from services.contracts.events import Event
from services.kit.container import Container
from services.kit.inbox import Received
from services.kit.service_app import build_service_app
from services.kit.service_settings import ServiceSettings
from services.kit.worker import Worker
from services.kit.worker_main import build_worker, run

metadata = MetaData()
from services.kit.infra_tables import add_infra_tables  # noqa: E402 - after metadata on purpose

infra = add_infra_tables(metadata)
effects = Table(
    "effects",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", String(100)),
    Column("note", String(100)),
)


def build_container(env: Mapping[str, str] | None = None) -> Container:
    """Wire the sample service; its tables are created directly, it has no migrations."""
    env = dict(os.environ if env is None else env)
    settings = ServiceSettings.from_env(env, service=env.get("SAMPLE_SERVICE", "leads"))
    container = Container.build(settings, metadata, infra)
    metadata.create_all(container.db.engine)
    return container


@dataclass(frozen=True)
class SampleHappened(Event):
    """The sample service's one event, sent from "leads" to "billing" in the toolkit's tests."""

    TYPE: ClassVar[str] = "sample.happened"
    SOURCE: ClassVar[str] = "leads"
    TARGET: ClassVar[str] = "billing"

    n: int | None = None
    marker: str = ""
    linger: float = 0.0


def record_effect(session: Session, received: Received[SampleHappened]) -> None:
    """Apply an event's effect; optionally linger so a test can kill the sender meanwhile."""
    if received.event.marker:
        Path(received.event.marker).write_text("handling")
    time.sleep(received.event.linger)
    session.execute(insert(effects).values(event_id=received.id, note="event"))


def create_app(env: Mapping[str, str] | None = None) -> Flask:
    """Build the sample app with one event handler."""
    app, _ = build_service_app(
        __name__, build_container(env), inbox_handlers={SampleHappened: record_effect}, title="Sample"
    )
    return app


def effect_count(container: Container, event_id: str) -> int:
    """Count how many times an event's effect was applied."""
    with container.db.transaction() as session:
        return int(
            session.execute(select(func.count()).select_from(effects).where(effects.c.event_id == event_id)).scalar()
        )


def create_worker(env: Mapping[str, str] | None = None) -> Worker:
    """Build the sample worker."""
    return build_worker(build_container(env))


if __name__ == "__main__":
    run(create_worker())
