"""The gateway's worker: `python -m gateway.worker` sends the staff invitations its outbox holds."""

from __future__ import annotations

from collections.abc import Mapping

from gateway.settings import GatewaySettings
from gateway.staff.tables import infra
from services.kit.db import Database
from services.kit.email import SendGridEmailSender
from services.kit.email_jobs import EMAIL_JOB, SendEmailJob
from services.kit.outbox import OutboxStore
from services.kit.worker import Worker
from services.kit.worker_main import run


def create_worker(env: Mapping[str, str] | None = None) -> Worker:
    """Build the worker on the gateway's database; its one job kind is email."""
    settings = GatewaySettings.from_env(env)
    db = Database(settings.database_url)
    store = OutboxStore(
        db, infra.outbox, max_attempts=settings.outbox_max_attempts, lease_seconds=settings.outbox_lease_seconds
    )
    sender = SendGridEmailSender(
        settings.sendgrid_api_key, settings.sendgrid_host, timeout=settings.sendgrid_timeout_seconds
    )
    return Worker(
        "gateway",
        db,
        store,
        infra.heartbeat,
        {EMAIL_JOB: SendEmailJob(sender)},
        poll_interval=settings.worker_poll_seconds,
        log_level=settings.log_level,
    )


if __name__ == "__main__":
    run(create_worker())
