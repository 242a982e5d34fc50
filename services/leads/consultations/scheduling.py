"""Staff book a consultation: one of the visitor's preferred windows at a start time, or another time."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.kit.outbox import enqueue
from services.leads.bootstrap import LeadsParts
from services.leads.consultations.pipeline_step import follow_consultation
from services.leads.consultations.us_dates import us_moment
from services.leads.consultations.windows import Window, clinic_hours
from services.leads.tables import consultations, infra, lead_history, leads

CONSULTATION_EMAIL_JOB = "leads.consultation_email"
BOOKABLE = ("requested", "confirmed", "change_requested")


class ConsultationMissing(LookupError):
    """No such consultation on this lead, or the lead was erased."""


class NotBookable(Exception):
    """The consultation cannot be booked now (cancelled, or the time asked for is not possible)."""


def _locked(session: Session, lead_id: str, consultation_id: str) -> Any:
    row = session.execute(
        select(consultations, leads.c.erased_at)
        .join(leads, leads.c.id == consultations.c.lead_id)
        .where(consultations.c.id == consultation_id, consultations.c.lead_id == lead_id)
        .with_for_update(of=consultations)
    ).first()
    if row is None or row.erased_at is not None:
        raise ConsultationMissing(consultation_id)
    if row.status not in BOOKABLE:
        raise NotBookable("This consultation was cancelled by the visitor, so it cannot be booked.")
    return row


def _book(
    parts: LeadsParts, lead_id: str, consultation_id: str, start: datetime, proposed: bool, actor: str, now: datetime
) -> int:
    """Store the booked time, raise the invite's sequence, note it, and queue the invitation."""
    minutes = parts.settings.consultation_minutes
    if start <= now:
        raise NotBookable("Please choose a time in the future.")
    hours = clinic_hours(parts.settings)
    if not hours.is_open(start, minutes):
        raise NotBookable(
            f"{us_moment(start)} is outside the clinic's hours ({hours.days_text()}, {hours.hours_text()} Eastern, "
            f"for a {minutes}-minute call)."
        )
    with parts.container.db.transaction() as session:
        row = _locked(session, lead_id, consultation_id)
        sequence = row.sequence + 1 if row.scheduled_at is not None or row.cancelled_at is not None else 0
        session.execute(
            update(consultations)
            .where(consultations.c.id == consultation_id)
            .values(
                status="confirmed",
                starts_at=start,
                ends_at=start + timedelta(minutes=minutes),
                sequence=sequence,
                proposed=proposed,
                scheduled_at=now,
                scheduled_by=actor,
                reminder_queued_at=None,
            )
        )
        session.execute(update(leads).where(leads.c.id == lead_id).values(updated_at=now))
        follow_consultation(session, lead_id, True, actor, now)
        session.execute(
            insert(lead_history).values(
                lead_id=lead_id,
                at=now,
                actor=actor,
                kind="consultation_proposed" if proposed else "consultation_confirmed",
                note_enc=parts.cipher.encrypt(us_moment(start), "lead_history.note"),
            )
        )
        enqueue(
            session,
            infra.outbox,
            CONSULTATION_EMAIL_JOB,
            {"kind": "invite", "consultation_id": consultation_id, "sequence": sequence},
            dedupe_key=f"consultation-invite:{consultation_id}:{sequence}",
        )
    return sequence


def confirm_window(
    parts: LeadsParts,
    lead_id: str,
    consultation_id: str,
    choice: int,
    start_time: time,
    actor: str,
    now: datetime | None = None,
) -> int:
    """Book the visitor's preferred window number `choice` (from 0) at `start_time` clinic time."""
    with parts.container.db.transaction() as session:
        stored = session.execute(
            select(consultations.c.windows).where(
                consultations.c.id == consultation_id, consultations.c.lead_id == lead_id
            )
        ).scalar()
    if stored is None:
        raise ConsultationMissing(consultation_id)
    windows = [Window(date.fromisoformat(w["date"]), w["period"]) for w in json.loads(stored)]
    if not 0 <= choice < len(windows):
        raise NotBookable("Please choose one of the visitor's preferred times.")
    hours = clinic_hours(parts.settings)
    window = windows[choice]
    if window.period not in hours.keys:
        raise NotBookable("That preferred time is no longer within the clinic's hours; please propose another.")
    opens, closes = hours.bounds(window)
    start = datetime.combine(window.day, start_time, opens.tzinfo)
    if not opens <= start or start + timedelta(minutes=parts.settings.consultation_minutes) > closes:
        raise NotBookable(f"Please choose a start time within {hours.label(window)}.")
    return _book(parts, lead_id, consultation_id, start, False, actor, now or utcnow())


def propose_time(
    parts: LeadsParts, lead_id: str, consultation_id: str, start: datetime, actor: str, now: datetime | None = None
) -> int:
    """Book another time than the visitor chose (they can ask for a different one through their link)."""
    return _book(parts, lead_id, consultation_id, start, True, actor, now or utcnow())
