"""A lead's record as a clinical record: labels for codes, Eastern times, staff by name, answers in words."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.kit.local_time import local_date, local_time
from services.leads.bootstrap import LeadsParts
from services.leads.catalogue import Catalogue
from services.leads.staff.alert_states import alert_state
from services.leads.staff.answer_view import background_rows, instrument_answers, reason_labels
from services.leads.staff.record_labels import label, phone_display, state_name
from services.leads.staff.staff_names import actor_name, staff_emails

REPLY_CHANNELS = ("email", "phone", "sms")


def _actors(record: dict[str, Any]) -> set[str]:
    found = {h["actor"] for h in record["history"]} | {a["acknowledged_by"] for a in record["alerts"]}
    return {a for a in found | {record["safety_cleared_by"]} if a}


def _contact_preferences(record: dict[str, Any], t: Catalogue) -> list[str]:
    """The channels this person last agreed to be contacted by, in words."""
    latest: dict[str, bool] = {}
    for consent in record["consents"]:  # oldest first, so the last word on each channel wins
        latest[consent["channel"]] = consent["granted"]
    return [label(t, "channel", c) for c in REPLY_CHANNELS if latest.get(c)]


def _submission(sub: dict[str, Any], t: Catalogue) -> dict[str, Any]:
    answers = sub["answers"]
    spam = ", ".join(label(t, "spam", r) for r in (sub["spam_reasons"] or "").split(",") if r)
    return {
        "when": local_time(sub["created_at"]),
        "outcome": label(t, "outcome", sub["outcome"]),
        "assessed_outcome": label(t, "outcome", sub["assessed_outcome"]),
        "tier": label(t, "tier", sub["safety_tier"]) if sub["safety_flagged"] else "",
        "spam": spam,
        "rules_version": sub["rules_version"],
        "erased": answers is None,
        "instruments": instrument_answers(answers, t) if answers else [],
        "background": background_rows(answers, t) if answers else [],
        "reasons": reason_labels(answers, t) if answers else {},
    }


def _history(entry: dict[str, Any], emails: dict[str, str], t: Catalogue) -> dict[str, Any]:
    what = label(t, "history", entry["kind"])
    if entry["to_status"]:
        moved = t.t(
            "staff_record.history_move",
            before=label(t, "status", entry["from_status"]),
            after=label(t, "status", entry["to_status"]),
        )
        what = f"{what}: {moved}"
    return {
        "when": local_time(entry["at"]),
        "who": actor_name(entry["actor"], emails, t),
        "what": what,
        "note": entry["note"],
    }


def lead_view(parts: LeadsParts, record: dict[str, Any], t: Catalogue, now: datetime) -> dict[str, Any]:
    """Everything the lead page shows, already in words."""
    with parts.container.db.transaction() as session:
        emails = staff_emails(session, _actors(record))
    alerts = sorted(record["alerts"], key=lambda a: a["created_at"], reverse=True)
    first, last = record["attribution"]["first"], record["attribution"]["last"]
    blank = t.t("staff_record.blank")
    return {
        "kind": label(t, "kind", record["kind"]),
        "state": state_name(t, record["state"]) if record["state"] else blank,
        "county": record["county"] or "",
        "outcome": label(t, "outcome", record["outcome"]),
        "assessed_outcome": label(t, "outcome", record["assessed_outcome"]),
        "status": label(t, "status", record["status"]),
        "checkout": label(t, "checkout", record["checkout_cleared_by"] or "not_cleared"),
        "source_first": " · ".join(v for v in (first["source"], first["medium"], first["campaign"]) if v) or blank,
        "source_last": " · ".join(v for v in (last["source"], last["medium"], last["campaign"]) if v) or blank,
        "created": local_time(record["created_at"]),
        "waiting": local_time(record["waiting_since"]),
        "phone_display": phone_display(record["phone"]),
        "preferences": _contact_preferences(record, t),
        "safety_tier": label(t, "tier", record["safety_tier"]),
        "safety_cleared": t.t(
            "staff_record.cleared_by",
            who=actor_name(record["safety_cleared_by"], emails, t),
            at=local_time(record["safety_cleared_at"]),
        )
        if record["safety_status"] == "cleared"
        else "",
        "alerts": [alert_state(a, emails, t, now) for a in alerts],
        "open_alert": any(a["acknowledged_at"] is None for a in alerts),
        "submissions": [_submission(s, t) for s in record["submissions"]],
        "consents": [
            {
                "channel": label(t, "channel", c["channel"]),
                "granted": t.t("staff_record.yes") if c["granted"] else t.t("staff_record.no"),
                "text_version": c["text_version"],
                "when": local_time(c["at"]),
                "ip": c["ip"] or blank,
                "user_agent": c["user_agent"] or blank,
            }
            for c in record["consents"]
        ],
        "consultations": [
            {
                "when": local_time(c["created_at"]),
                "status": label(t, "consultation_status", c["status"]),
                "windows": ", ".join(
                    f"{local_date(w.get('date'))}, {label(t, 'period', w.get('period'))}" for w in c["windows"]
                ),
            }
            for c in record["consultations"]
        ],
        "inquiries": [
            {
                "when": local_time(i["created_at"]),
                "about": label(t, "relationship", i["relationship"]),
                "message": i["message"],
            }
            for i in sorted(record["inquiries"], key=lambda i: i["created_at"], reverse=True)
        ],
        "history": [_history(h, emails, t) for h in record["history"]],
    }


def status_choices(statuses: tuple[str, ...], t: Catalogue) -> list[tuple[str, str]]:
    """(value, words) for a status select."""
    return [(s, label(t, "status", s)) for s in statuses]
