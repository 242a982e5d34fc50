"""The leads worker: `python -m services.leads.worker`."""

from __future__ import annotations

from collections.abc import Mapping

from services.kit.email_jobs import EMAIL_JOB, SendEmailJob
from services.kit.events import EventDeliverer
from services.kit.worker import Handler, PeriodicTask, Worker
from services.kit.worker_main import build_worker, run
from services.leads.assessments.next_step_mail import NEXT_STEP_EMAIL_JOB, NextStepEmailJob
from services.leads.bootstrap import build_container, parts_of
from services.leads.consultations.confirmation import LEAD_EMAIL_JOB, LeadEmailJob
from services.leads.consultations.email_job import CONSULTATION_EMAIL_JOB, ConsultationEmailJob
from services.leads.consultations.reminders import ReminderTask
from services.leads.contact.acknowledgement import ACK_JOB, InquiryAckJob
from services.leads.events.deferred import LEAD_EVENT_JOB, LeadEventJob
from services.leads.notifications.digest import IntakeDigestTask, digest_every_seconds
from services.leads.privacy.request_events import PrivacyEventJob
from services.leads.privacy.request_mail import PrivacyMailJob
from services.leads.privacy.requests import PRIVACY_EVENT_JOB, PRIVACY_MAIL_JOB
from services.leads.privacy.retention import RetentionTask
from services.leads.safety.alerts import ESCALATION_JOB, EscalationJob


def create_worker(env: Mapping[str, str] | None = None) -> Worker:
    """Build the leads worker with its job kinds and periodic tasks."""
    container = build_container(env)
    parts = parts_of(container)
    settings = parts.settings
    sender = SendEmailJob(container.email)
    deliverer = EventDeliverer(settings.service_urls, settings.events_signing_key)
    handlers: dict[str, Handler] = {
        EMAIL_JOB: sender,
        ESCALATION_JOB: EscalationJob(container.db, settings),
        LEAD_EVENT_JOB: LeadEventJob(container.db, parts.cipher, deliverer),
        PRIVACY_EVENT_JOB: PrivacyEventJob(parts, deliverer),
        PRIVACY_MAIL_JOB: PrivacyMailJob(parts, sender),
        LEAD_EMAIL_JOB: LeadEmailJob(parts, sender),
        CONSULTATION_EMAIL_JOB: ConsultationEmailJob(parts, sender),
        ACK_JOB: InquiryAckJob(parts, sender),
        NEXT_STEP_EMAIL_JOB: NextStepEmailJob(parts, sender),
    }
    periodic = [
        PeriodicTask("retention", settings.retention_every_seconds, RetentionTask(parts)),
        PeriodicTask("consultation_reminders", settings.consultation_reminder_every_seconds, ReminderTask(parts)),
        PeriodicTask("intake-digest", digest_every_seconds(settings.intake_digest_minutes), IntakeDigestTask(parts)),
    ]
    return build_worker(container, handlers, periodic)


if __name__ == "__main__":
    run(create_worker())
