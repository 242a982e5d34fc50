"""The worker process: drains a service's outbox, runs its periodic jobs, and beats its heartbeat."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, insert, select, update

from services.kit.db import Database
from services.kit.db_types import utcnow
from services.kit.outbox import Job, OutboxStore

log = logging.getLogger("worker")

Handler = Callable[[dict[str, Any]], None]


class RetryableJobError(Exception):
    """The job failed for a reason that may pass (a provider's 429 or 5xx, a timeout)."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class PermanentJobError(Exception):
    """The job can never succeed as written (a provider's 400); dead-letter it at once."""


@dataclass
class PeriodicTask:
    """A function the worker calls every `every` seconds (retention, schedules, escalations)."""

    name: str
    every: float
    run: Callable[[], None]
    last_run: float = field(default=0.0)


class Worker:
    """Claim jobs, run their handler, record the outcome; stop cleanly on SIGTERM or SIGINT."""

    def __init__(
        self,
        service: str,
        db: Database,
        store: OutboxStore,
        heartbeat: Table,
        handlers: dict[str, Handler],
        *,
        periodic: list[PeriodicTask] | None = None,
        poll_interval: float = 0.5,
        batch_size: int = 10,
        log_level: str = "INFO",
    ) -> None:
        self.service = service
        self.db = db
        self.store = store
        self.heartbeat = heartbeat
        self.handlers = handlers
        self.periodic = periodic or []
        self.poll_interval = poll_interval
        self.batch_size = batch_size
        self.log_level = log_level
        self.worker_id = f"{service}-{socket.gethostname()}-{os.getpid()}"
        self.stopping = threading.Event()
        self.jobs_done = 0

    def beat(self) -> None:
        """Record that this worker is alive."""
        t = self.heartbeat
        with self.db.transaction() as session:
            found = session.execute(select(t.c.worker_id).where(t.c.worker_id == self.worker_id)).first()
            values = {"beat_at": utcnow(), "jobs_done": self.jobs_done}
            if found:
                session.execute(update(t).where(t.c.worker_id == self.worker_id).values(**values))
            else:
                session.execute(insert(t).values(worker_id=self.worker_id, **values))

    def run_job(self, job: Job) -> None:
        """Run one job's handler and record success, retry or dead letter."""
        handler = self.handlers.get(job.kind)
        if handler is None:
            self.store.fail(job, f"no handler for kind {job.kind!r}", retryable=False)
            return
        try:
            handler(job.payload)
        except PermanentJobError as exc:
            self.store.fail(job, f"{type(exc).__name__}: {exc}", retryable=False)
            log.warning("job dead-lettered", extra={"job_id": job.id, "kind": job.kind})
        except RetryableJobError as exc:
            status = self.store.fail(job, f"{type(exc).__name__}: {exc}", retry_after=exc.retry_after)
            log.info("job will retry", extra={"job_id": job.id, "kind": job.kind, "status": status})
        except Exception as exc:  # noqa: BLE001 - any handler bug must become a recorded retry, not a dead worker
            status = self.store.fail(job, f"{type(exc).__name__}: {exc}")
            log.exception("job failed", extra={"job_id": job.id, "kind": job.kind, "status": status})
        else:
            self.store.complete(job)
            self.jobs_done += 1

    def run_periodic(self) -> None:
        """Run every periodic task that is due."""
        now = time.monotonic()
        for task in self.periodic:
            if now - task.last_run >= task.every:
                task.last_run = now
                try:
                    task.run()
                except Exception:  # noqa: BLE001 - one failing task must not stop the others
                    log.exception("periodic task failed", extra={"task": task.name})

    def run_once(self) -> int:
        """Claim and run one batch of jobs; return how many were claimed."""
        jobs = self.store.claim(self.worker_id, self.batch_size)
        for job in jobs:
            self.run_job(job)
        return len(jobs)

    def run(self, *, install_signals: bool = True, beat_every: float = 5.0) -> None:
        """Loop until asked to stop; a job in progress finishes first."""
        if install_signals:
            signal.signal(signal.SIGTERM, lambda *_: self.stopping.set())
            signal.signal(signal.SIGINT, lambda *_: self.stopping.set())
        log.info("worker started", extra={"worker_id": self.worker_id})
        last_beat = 0.0
        while not self.stopping.is_set():
            try:
                if time.monotonic() - last_beat >= beat_every:
                    self.beat()
                    last_beat = time.monotonic()
                self.run_periodic()
                claimed = self.run_once()
            except Exception:  # noqa: BLE001 - a lost database connection must not end the process
                log.exception("worker loop error")
                claimed = 0
                self.stopping.wait(2.0)
            if claimed == 0:
                self.stopping.wait(self.poll_interval)
        log.info("worker stopped", extra={"worker_id": self.worker_id})
