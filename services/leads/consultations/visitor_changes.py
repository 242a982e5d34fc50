"""The visitor cancels a consultation, or asks for another time, through the signed link in an email."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.kit.outbox import enqueue
from services.leads.bootstrap import LeadsParts
from services.leads.consultations.pipeline_step import follow_consultation
from services.leads.consultations.scheduling import BOOKABLE, CONSULTATION_EMAIL_JOB
from services.leads.consultations.windows import Window
from services.leads.tables import consultations, infra, lead_history, leads


class ConsultationGone(LookupError):
    """No such consultation, or its person was erased."""


class NoLongerChangeable(Exception):
    """The consultation is cancelled already, or its time has passed."""


@dataclass(frozen=True)
class ConsultationView:
    """What the visitor's page shows."""

    id: str
    status: str
    starts_at: datetime | None
    windows: tuple[Window, ...]

    def open_at(self, now: datetime) -> bool:
        """Tell whether the visitor may still cancel or ask for another time."""
        return self.status in BOOKABLE and (self.starts_at is None or self.starts_at > now)


def _row(session: Session, consultation_id: str, lock: bool = False) -> Any:
    query = (
        select(consultations, leads.c.erased_at)
        .join(leads, leads.c.id == consultations.c.lead_id)
        .where(consultations.c.id == consultation_id)
    )
    row = session.execute(query.with_for_update(of=consultations) if lock else query).first()
    if row is None or row.erased_at is not None:
        raise ConsultationGone(consultation_id)
    return row


def _view(row: Any) -> ConsultationView:
    windows = tuple(Window(date.fromisoformat(w["date"]), w["period"]) for w in json.loads(row.windows))
    return ConsultationView(row.id, row.status, row.starts_at, windows)


def consultation_view(parts: LeadsParts, consultation_id: str) -> ConsultationView:
    """Read one consultation for its visitor's page."""
    with parts.container.db.transaction() as session:
        return _view(_row(session, consultation_id))


def _change(
    parts: LeadsParts, consultation_id: str, now: datetime, status: str, kind: str, windows: list[Window] | None
) -> None:
    with parts.container.db.transaction() as session:
        row = _row(session, consultation_id, lock=True)
        if not _view(row).open_at(now):
            raise NoLongerChangeable(consultation_id)
        # A time already sent as an invite is withdrawn from the visitor's calendar with a higher sequence.
        booked = row.scheduled_at is not None and row.status == "confirmed"
        sequence = row.sequence + 1 if booked else row.sequence
        values: dict[str, Any] = {"status": status, "sequence": sequence}
        if status == "cancelled":
            values["cancelled_at"] = now
        else:
            values["change_requested_at"] = now
            values["windows"] = json.dumps([{"date": w.day.isoformat(), "period": w.period} for w in windows or []])
        session.execute(update(consultations).where(consultations.c.id == consultation_id).values(**values))
        session.execute(update(leads).where(leads.c.id == row.lead_id).values(updated_at=now))
        follow_consultation(session, row.lead_id, False, "visitor", now)
        session.execute(insert(lead_history).values(lead_id=row.lead_id, at=now, actor="visitor", kind=kind))
        enqueue(
            session,
            infra.outbox,
            CONSULTATION_EMAIL_JOB,
            {"kind": status, "consultation_id": consultation_id, "sequence": sequence, "withdraw": booked},
            dedupe_key=f"consultation-{status}:{consultation_id}:{now.isoformat()}",
        )


def cancel(parts: LeadsParts, consultation_id: str, now: datetime | None = None) -> None:
    """Cancel the consultation; an email confirms it and takes it out of the visitor's calendar."""
    _change(parts, consultation_id, now or utcnow(), "cancelled", "consultation_cancelled", None)


def ask_for_another_time(
    parts: LeadsParts, consultation_id: str, windows: list[Window], now: datetime | None = None
) -> None:
    """Replace the preferred times with new ones and hand the booking back to the care team."""
    _change(parts, consultation_id, now or utcnow(), "change_requested", "consultation_change_requested", windows)
