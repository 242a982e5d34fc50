"""Where a lead's safety alert stands: its deadline, whether it is overdue, who acknowledged it and when."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.kit.local_time import local_time, minutes_between
from services.leads.catalogue import Catalogue
from services.leads.staff.record_labels import label
from services.leads.staff.staff_names import actor_name
from services.leads.tables import safety_alerts


@dataclass(frozen=True)
class AlertState:
    """One alert in words, for the lead page's banner and the queue's column."""

    tier: str
    raised: str
    due: str
    overdue: bool
    acknowledged: bool
    banner: list[str]
    badge: str


def _moment(value: Any) -> datetime | None:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return None


def alert_state(alert: Mapping[str, Any], emails: Mapping[str, str], t: Catalogue, now: datetime) -> AlertState:
    """Describe one alert (a row or the record's dict of it) as staff read it at `now`."""
    due_at, acknowledged_at = _moment(alert["due_at"]), _moment(alert.get("acknowledged_at"))
    due = local_time(due_at)
    overdue = acknowledged_at is None and due_at is not None and due_at < now
    lines = [t.t("staff_record.alert.raised", at=local_time(alert.get("created_at")))]
    if acknowledged_at is not None:
        who = actor_name(alert.get("acknowledged_by"), emails, t)
        lines.append(t.t("staff_record.alert.acknowledged", who=who, at=local_time(acknowledged_at)))
        badge = t.t("staff_record.alert.queue_acknowledged", who=who)
    elif overdue and due_at is not None:
        lines.append(t.t("staff_record.alert.overdue", due=due, minutes=minutes_between(now, due_at)))
        badge = t.t("staff_record.alert.queue_overdue", due=due)
    else:
        lines.append(t.t("staff_record.alert.due", due=due))
        badge = t.t("staff_record.alert.queue_due", due=due)
    if alert.get("escalated_at"):
        lines.append(t.t("staff_record.alert.escalated", at=local_time(alert["escalated_at"])))
    return AlertState(
        tier=label(t, "tier", alert.get("tier")),
        raised=local_time(alert.get("created_at")),
        due=due,
        overdue=overdue,
        acknowledged=acknowledged_at is not None,
        banner=lines,
        badge=badge,
    )


def latest_alerts(session: Session, lead_ids: Iterable[str]) -> dict[str, Any]:
    """The newest alert of each lead among `lead_ids`."""
    wanted = list(lead_ids)
    if not wanted:
        return {}
    found = session.execute(
        select(safety_alerts).where(safety_alerts.c.lead_id.in_(wanted)).order_by(safety_alerts.c.created_at)
    ).all()
    return {row.lead_id: dict(row._mapping) for row in found}  # later rows overwrite earlier ones
