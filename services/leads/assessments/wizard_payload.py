"""Turn the hosted assessment's form into the API's request body, so both share one path."""

from __future__ import annotations

from typing import Any

from services.leads.assessments.wizard_steps import (
    ATTRIBUTION_FIELDS,
    CONSENT_FIELDS,
    INSTRUMENTS,
    PERINATAL_FIELDS,
    Form,
    history_keys,
    in_perinatal_period,
    parse_birth_date,
    step_fields,
)


def _positions(form: Form, instrument: str) -> list[int] | None:
    values = [form.get(name, "") for name in step_fields(instrument)]
    if not any(values):
        return None
    return [int(v) if v.isdigit() else -1 for v in values]


def form_to_payload(form: Form) -> dict[str, Any]:
    """Build the JSON body the API would receive from the same answers."""
    born = parse_birth_date(form.get("date_of_birth", ""))
    instruments: dict[str, Any] = {"phq9": _positions(form, "phq9") or []}
    if in_perinatal_period(form):
        instruments["epds"] = _positions(form, "epds")
    gad7 = _positions(form, "gad7")
    if gad7 is not None:
        instruments["gad7"] = gad7
    return {
        "contact": {k: form.get(k, "").strip() for k in ("first_name", "last_name", "email")}
        | {"phone": form.get("phone", "").strip() or None},
        "location": {"state": form.get("state", ""), "zip": form.get("zip", "").strip()},
        "date_of_birth": born.isoformat() if born else form.get("date_of_birth", ""),
        "perinatal": {k: form.get(k) == "yes" for k in PERINATAL_FIELDS},
        "history": {k: form.get(f"history_{k}") == "yes" for k in history_keys()},
        "medications": form.get("medications", ""),
        "instruments": instruments,
        "consent": {k: form.get(f"consent_{k}") == "yes" for k in CONSENT_FIELDS},
        "attribution": {
            k: form.get(k, "")[: 200 if k not in ("referrer", "landing_page") else 2000] for k in ATTRIBUTION_FIELDS
        },
        "website": form.get("website", "")[:200],
    }


__all__ = ["INSTRUMENTS", "form_to_payload"]
