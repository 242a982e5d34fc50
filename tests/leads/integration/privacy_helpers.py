"""Run a privacy request's jobs the way the worker does, and answer for the newsletter and billing."""

from __future__ import annotations

import re
import uuid
from typing import Any

from flask import Flask

from services.contracts.events import BillingPrivacyDone, NewsletterPrivacyDone
from services.kit.db_types import utcnow
from services.kit.email import EmailMessage
from services.kit.email_jobs import SendEmailJob
from services.kit.events import envelope
from services.kit.inbox import receive
from services.leads.bootstrap import LeadsParts
from services.leads.privacy.request_events import PrivacyEventJob
from services.leads.privacy.request_mail import PrivacyMailJob
from services.leads.privacy.requests import PRIVACY_EVENT_JOB, PRIVACY_MAIL_JOB
from tests.leads.integration.db_rows import outbox_jobs
from tests.leads.integration.fakes import RecordingDeliverer, RecordingSender

TOKEN = re.compile(r"/privacy/requests/(confirm|download)\?token=([A-Za-z0-9_.\-]+)")


def send_mails(parts: LeadsParts) -> list[EmailMessage]:
    """Send every queued privacy email; return them in order."""
    sender = RecordingSender()
    job = PrivacyMailJob(parts, SendEmailJob(sender))
    for queued in outbox_jobs(parts, PRIVACY_MAIL_JOB):
        job(queued["payload"])
    return sender.sent


def token_in(message: EmailMessage, purpose: str) -> str:
    """The token of the confirm or download link in an email."""
    found = [m.group(2) for m in TOKEN.finditer(message.text) if m.group(1) == purpose]
    assert found, message.text
    return found[0]


def deliver_requests(parts: LeadsParts) -> list[dict[str, Any]]:
    """Deliver the queued request events; return their envelopes."""
    deliverer = RecordingDeliverer()
    job = PrivacyEventJob(parts, deliverer)  # type: ignore[arg-type]
    for queued in outbox_jobs(parts, PRIVACY_EVENT_JOB):
        job(queued["payload"])
    return [d["event"] for d in deliverer.delivered]


def answer(app: Flask, request_id: str, kind: str, service: str, data: dict[str, Any] | None = None) -> None:
    """Deliver one service's answer to the leads inbox, as its worker would."""
    kind_of = NewsletterPrivacyDone if service == "newsletter" else BillingPrivacyDone
    event = kind_of(request_id=request_id, kind=kind, found=bool(data), data=data or {})
    container = app.extensions["container"]
    receive(
        container.db,
        container.infra.inbox,
        app.extensions["inbox_handlers"],
        envelope(event, str(uuid.uuid4()), utcnow()),
    )
