"""Erasing a person takes two steps: a page naming what will go, then a typed confirmation with a reason."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import redirect, render_template

from services.leads.bootstrap import LeadsParts
from services.leads.catalogue import Catalogue
from services.leads.staff import safety_actions
from services.leads.staff.audited import audit_event
from services.leads.staff.lead_record import lead_record


def _page(parts: LeadsParts, lead_id: str, t: Catalogue, reason: str, errors: dict[str, str], status: int) -> Any:
    record = lead_record(parts, lead_id)
    if record["erased_at"]:
        return redirect(f"/admin/leads/{lead_id}?done=erase", 303)
    counts = {
        "submissions": len(record["submissions"]),
        "messages": len(record["inquiries"]),
        "notes": sum(1 for h in record["history"] if h["note"]),
    }
    page = render_template("staff/erase.html", lead=record, counts=counts, reason=reason, errors=errors, t=t)
    return page, status


def erase_form(parts: LeadsParts, lead_id: str, t: Catalogue) -> Any:
    """The confirmation page, before anything is erased."""
    return _page(parts, lead_id, t, "", {}, 200)


def erase_step(parts: LeadsParts, lead_id: str, actor: str, form: Mapping[str, str], t: Catalogue) -> Any:
    """Erase only with a reason and the typed word; otherwise show the page again with what is missing."""
    reason = form.get("reason", "").strip()[:500]
    typed = form.get("confirm", "").strip()
    errors = {}
    if not reason:
        errors["reason"] = t.t("staff_record.erase.need_reason")
    if typed != t.t("staff_record.erase.confirm_word"):
        errors["confirm"] = t.t("staff_record.erase.need_confirm")
    if errors:
        return _page(parts, lead_id, t, reason, errors, 422)
    safety_actions.erase(parts, lead_id, actor, reason)
    audit_event(parts, "lead.erased", "lead", lead_id, reason)
    return redirect(f"/admin/leads/{lead_id}?done=erase", 303)
