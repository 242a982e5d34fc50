"""The queue as clinicians read it: words for every code, Eastern times, and each safety alert's deadline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.kit.local_time import local_time
from services.leads.bootstrap import LeadsParts
from services.leads.catalogue import Catalogue
from services.leads.staff.alert_states import alert_state, latest_alerts
from services.leads.staff.record_labels import label, state_name
from services.leads.staff.staff_names import staff_emails


def queue_rows(parts: LeadsParts, entries: list[dict[str, Any]], t: Catalogue, now: datetime) -> list[dict[str, Any]]:
    """Each queue entry with the words and times the page shows."""
    flagged = [e["id"] for e in entries if e["safety_status"] == "flagged"]
    with parts.container.db.transaction() as session:
        alerts = latest_alerts(session, flagged)
        emails = staff_emails(session, (a.get("acknowledged_by") for a in alerts.values()))
    rows = []
    for entry in entries:
        alert = alerts.get(entry["id"])
        rows.append(
            {
                **entry,
                "kind_label": label(t, "kind", entry["kind"]),
                "state_label": state_name(t, entry["state"]) if entry["state"] else t.t("staff_record.blank"),
                "outcome_label": label(t, "outcome", entry["outcome"]),
                "status_label": label(t, "status", entry["status"]),
                "safety_label": label(t, "tier", entry["safety_tier"])
                if entry["safety_status"] == "flagged"
                else label(t, "safety", entry["safety_status"]),
                "severity_label": label(t, "severity", entry["severity_rank"]) if entry["kind"] == "assessment" else "",
                "waiting_label": local_time(entry["waiting_since"]),
                "alert": alert_state(alert, emails, t, now) if alert else None,
            }
        )
    return rows
