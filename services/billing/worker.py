"""The billing worker: `python -m services.billing.worker`."""

from __future__ import annotations

from collections.abc import Mapping

from services.billing.bootstrap import build_container, parts_of
from services.billing.declines.received import DECLINE_JOB
from services.billing.declines.refund_job import DeclineRefundJob
from services.billing.payments.port import PaymentGateway
from services.billing.privacy.requests import ERASE_JOB, PrivacyEraseJob
from services.billing.privacy.retention import RetentionTask
from services.billing.repair.reconcile import reconcile
from services.billing.webhooks.process import StripeEventJob
from services.billing.webhooks.store import STRIPE_EVENT_JOB
from services.kit.email_jobs import EMAIL_JOB, SendEmailJob
from services.kit.worker import Handler, PeriodicTask, Worker
from services.kit.worker_main import build_worker, run


def create_worker(env: Mapping[str, str] | None = None, *, gateway: PaymentGateway | None = None) -> Worker:
    """Build the billing worker: Stripe events, declined members, emails, events to leads, and reconcile."""
    container = build_container(env, gateway=gateway)
    parts = parts_of(container)
    settings = parts.settings
    handlers: dict[str, Handler] = {
        STRIPE_EVENT_JOB: StripeEventJob(parts, parts.sync),
        DECLINE_JOB: DeclineRefundJob(parts),
        EMAIL_JOB: SendEmailJob(container.email),
        ERASE_JOB: PrivacyEraseJob(parts),
    }

    def reconcile_pass() -> None:
        reconcile(parts)

    periodic = [
        PeriodicTask("reconcile", settings.reconcile_every_seconds, reconcile_pass),
        PeriodicTask("retention", settings.retention_every_seconds, RetentionTask(parts)),
    ]
    return build_worker(container, handlers, periodic)


if __name__ == "__main__":
    run(create_worker())
