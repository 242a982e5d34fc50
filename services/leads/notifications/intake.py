"""Tell the intake team of a new record: one email per record, or a row for the next digest.

The email names only the kind of record and links to the staff page; no name, no message, no answers, no
relationship, so an inbox or a forwarded email reveals nothing about anyone's health.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from services.kit.email import EmailMessage, Recipient
from services.kit.email_jobs import queue_email
from services.kit.local_time import local_time
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.notifications.plain_email import plain_email
from services.leads.settings import LeadsSettings
from services.leads.tables import infra, intake_notices

KINDS = ("assessment", "inquiry", "consultation")


def record_link(settings: LeadsSettings, lead_id: str) -> str:
    """The staff page of a record (staff sign-in required)."""
    return f"{settings.public_url.rstrip('/')}/admin/leads/{lead_id}"


def notify_intake(session: Session, settings: LeadsSettings, lead_id: str, kind: str, now: datetime) -> None:
    """Queue the intake email for a new record in the caller's transaction, or keep it for the digest."""
    if kind not in KINDS:
        raise ValueError(f"unknown record kind {kind!r}")
    if settings.intake_digest_minutes > 0:
        session.execute(insert(intake_notices).values(lead_id=lead_id, kind=kind, created_at=now))
        return
    t = page_catalogue("en").t
    label = t(f"crisis_text.intake.kinds.{kind}")
    link = record_link(settings, lead_id)
    lines = [t("crisis_text.intake.one_body", kind=label.lower(), at=local_time(now))]
    queue_email(
        session,
        infra.outbox,
        intake_message(settings, t("crisis_text.intake.one_subject", kind=label), lines, [(label, link)]),
    )


def intake_message(
    settings: LeadsSettings, subject: str, lines: list[str], links: list[tuple[str, str]]
) -> EmailMessage:
    """An email to the intake address: a few plain lines and links to staff pages."""
    t = page_catalogue("en").t
    footer = t("crisis_text.intake.footer")
    return plain_email(
        settings,
        Recipient(email=settings.intake_notify_to),
        subject,
        lines,
        links,
        category="staff-notice",
        footer=footer,
    )
