"""The newsletter worker: `python -m services.newsletter.worker`."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from services.kit.email_jobs import EMAIL_JOB, SendEmailJob
from services.kit.worker import Handler, PeriodicTask, Worker
from services.kit.worker_main import build_worker, run
from services.newsletter.bootstrap import build_container, parts_of
from services.newsletter.privacy.retention import retention_pass
from services.newsletter.sending.engine import BatchSender
from services.newsletter.sending.scheduler import start_due_campaigns
from services.newsletter.signup.mail_jobs import SUBSCRIBER_MAIL_JOB, SubscriberMailJob
from services.newsletter.subscriber_admin.import_jobs import ImportRunner
from services.newsletter.webhooks.processing import process_events


def every(name: str, seconds: float, task: Callable[[], object]) -> PeriodicTask:
    """Run `task` every `seconds`, ignoring what it returns (counts are for tests and logs)."""

    def run() -> None:
        task()

    return PeriodicTask(name, seconds, run)


def create_worker(env: Mapping[str, str] | None = None) -> Worker:
    """Build the newsletter worker: subscriber emails, test sends, campaign batches, events, expiry, CSV imports."""
    nl = parts_of(build_container(env))
    handlers: dict[str, Handler] = {SUBSCRIBER_MAIL_JOB: SubscriberMailJob(nl), EMAIL_JOB: SendEmailJob(nl.sender)}
    worker = build_worker(nl.container, handlers)
    sender = BatchSender(nl, worker.worker_id, worker.stopping)
    imports = ImportRunner(nl, worker.stopping)
    worker.periodic.extend(
        [
            every("campaign-schedule", 1.0, lambda: start_due_campaigns(nl)),
            every("campaign-batches", 0.0, lambda: sender.run_for(5.0)),
            every("sendgrid-events", 0.5, lambda: process_events(nl)),
            every("subscriber-imports", 1.0, imports.tick),
            every("retention", nl.settings.retention_every_seconds, lambda: retention_pass(nl)),
        ]
    )
    return worker


if __name__ == "__main__":
    run(create_worker())
