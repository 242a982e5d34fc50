"""Clinician alerts for safety-flagged leads: a link only, a deadline, an escalation if unacknowledged."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, insert, select, update
from sqlalchemy.orm import Session

from services.kit.db import Database
from services.kit.db_types import utcnow
from services.kit.email import EmailMessage, Recipient
from services.kit.email_jobs import queue_email
from services.kit.local_time import local_time
from services.kit.outbox import enqueue
from services.leads.notifications.plain_email import plain_email
from services.leads.settings import LeadsSettings
from services.leads.tables import infra, safety_alerts

ESCALATION_JOB = "leads.safety_escalation"


def _alert_email(settings: LeadsSettings, to: str, subject: str, lead_id: str, lines: list[str]) -> EmailMessage:
    """An alert that names no one and carries no health data: only the secure link."""
    link = f"{settings.public_url.rstrip('/')}/admin/leads/{lead_id}"
    return plain_email(
        settings,
        Recipient(email=to),
        subject,
        lines,
        [("Open the record (staff sign-in required)", link)],
        category="staff-alert",
    )


def raise_alert(
    session: Session, settings: LeadsSettings, lead_id: str, tier: str, now: datetime, about: str = "assessment"
) -> str:
    """Record an alert, email the on-call clinician and schedule the escalation check.

    `about` names the kind of record ("assessment", "inquiry", "consultation request"), never what it says.
    """
    alert_id = str(uuid.uuid4())
    due = now + timedelta(minutes=settings.safety_ack_minutes)
    session.execute(insert(safety_alerts).values(id=alert_id, lead_id=lead_id, tier=tier, created_at=now, due_at=due))
    urgency = "High urgency" if tier == "high" else "Urgent"
    message = _alert_email(
        settings,
        settings.safety_alert_to,
        f"{urgency}: {_article(about)} {about} needs a clinician within {settings.safety_ack_minutes} minutes",
        lead_id,
        [
            f"{urgency}: a new {about} needs a clinician's review now.",
            f"Please acknowledge by {local_time(due)}; if no one does, it will be escalated.",
        ],
    )
    queue_email(session, infra.outbox, message, dedupe_key=f"safety-alert:{alert_id}")
    enqueue(
        session,
        infra.outbox,
        ESCALATION_JOB,
        {"alert_id": alert_id},
        dedupe_key=f"safety-escalation:{alert_id}",
        delay_seconds=settings.safety_ack_minutes * 60,
    )
    return alert_id


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def acknowledge_alerts(session: Session, lead_id: str, actor: str, now: datetime) -> int:
    """Mark every open alert of a lead acknowledged; return how many."""
    result = session.execute(
        update(safety_alerts)
        .where(safety_alerts.c.lead_id == lead_id, safety_alerts.c.acknowledged_at.is_(None))
        .values(acknowledged_at=now, acknowledged_by=actor)
    )
    return int(cast(CursorResult[Any], result).rowcount or 0)


class EscalationJob:
    """The worker's handler: escalate an alert nobody acknowledged before its deadline."""

    def __init__(self, db: Database, settings: LeadsSettings):
        self.db = db
        self.settings = settings

    def __call__(self, payload: dict[str, Any]) -> None:
        """Email the escalation address once when the alert is still unacknowledged."""
        with self.db.transaction() as session:
            alert = session.execute(
                select(safety_alerts).where(safety_alerts.c.id == payload["alert_id"]).with_for_update()
            ).first()
            if alert is None or alert.acknowledged_at is not None or alert.escalated_at is not None:
                return
            message = _alert_email(
                self.settings,
                self.settings.safety_escalate_to,
                "Escalation: an urgent alert was not acknowledged",
                alert.lead_id,
                [
                    f"An urgent alert raised at {local_time(alert.created_at)} was not acknowledged "
                    f"within {self.settings.safety_ack_minutes} minutes.",
                    "Please make sure a clinician responds now.",
                ],
            )
            queue_email(session, infra.outbox, message, dedupe_key=f"safety-escalated:{alert.id}")
            session.execute(update(safety_alerts).where(safety_alerts.c.id == alert.id).values(escalated_at=utcnow()))
