"""The review step's summary: every answer, readable, grouped by the step that asked it."""

from __future__ import annotations

from dataclasses import dataclass

from services.leads.assessments.wizard_steps import (
    CONSENT_FIELDS,
    INSTRUMENTS,
    PERINATAL_FIELDS,
    Form,
    applicable_steps,
    history_keys,
)
from services.leads.catalogue import Catalogue


@dataclass(frozen=True)
class Section:
    """One step's answers as (label, value) rows."""

    step: str
    rows: list[tuple[str, str]]


def _yes_no(form: Form, name: str, t: Catalogue) -> str:
    return t.t("pages.yes") if form.get(name) == "yes" else t.t("pages.no")


def _shown(form: Form, name: str, t: Catalogue) -> str:
    value = form.get(name, "")
    if name == "state" and t.has(f"states.{value}"):
        return t.t(f"states.{value}")  # "Florida" reads better than the postal code a visitor never typed
    return value


def review_sections(form: Form, t: Catalogue) -> list[Section]:
    """Summarise the answers of every applicable step before the review."""
    sections = []
    for step in applicable_steps(form):
        if step == "about_you":
            rows = [
                (t.t(f"about_you.{k}.label"), _shown(form, k, t) or t.t("pages.not_answered"))
                for k in ("first_name", "last_name", "email", "phone", "date_of_birth", "state", "zip")
            ]
        elif step == "perinatal":
            rows = [(t.t(f"perinatal.{k}.label"), _yes_no(form, k, t)) for k in PERINATAL_FIELDS]
        elif step in INSTRUMENTS:
            worded = INSTRUMENTS[step].worded(t)
            rows = []
            for item in worded.items:
                raw = form.get(f"{step}_{item.number}", "")
                answer = (
                    item.options[int(raw)]
                    if raw.isdigit() and int(raw) < len(item.options)
                    else t.t("pages.not_answered")
                )
                rows.append((f"{item.number}. {item.text}", answer))
        elif step == "health":
            ticked = [t.t(f"history.{k}.question") for k in history_keys() if form.get(f"history_{k}") == "yes"]
            rows = [
                (t.t("pages.review_conditions"), "; ".join(ticked) or t.t("pages.none")),
                (t.t("medications.label"), form.get("medications", "") or t.t("pages.none")),
            ]
        elif step == "consent":
            rows = [(t.t(f"consent.{k}.text"), _yes_no(form, f"consent_{k}", t)) for k in CONSENT_FIELDS]
        else:
            continue
        sections.append(Section(step, rows))
    return sections
