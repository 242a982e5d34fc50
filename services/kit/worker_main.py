"""Start a service's worker process with the shared job kinds wired in."""

from __future__ import annotations

import logging

from services.kit.container import Container
from services.kit.events import EVENT_JOB, EventDeliverer
from services.kit.jsonlog import configure_logging
from services.kit.worker import Handler, PeriodicTask, Worker


def build_worker(
    container: Container, handlers: dict[str, Handler] | None = None, periodic: list[PeriodicTask] | None = None
) -> Worker:
    """Build a worker that delivers events plus the service's own job kinds."""
    settings = container.settings
    all_handlers: dict[str, Handler] = {
        EVENT_JOB: EventDeliverer(settings.service_urls, settings.events_signing_key),
        **(handlers or {}),
    }
    return Worker(
        settings.service,
        container.db,
        container.outbox,
        container.infra.heartbeat,
        all_handlers,
        periodic=periodic,
        poll_interval=settings.worker_poll_seconds,
        log_level=settings.log_level,
    )


def run(worker: Worker) -> None:
    """Configure logging and loop until stopped."""
    configure_logging(f"{worker.service}-worker", worker.log_level)
    logging.getLogger("worker").info("starting")
    worker.run()
