"""Exits decided at the first step: no health question is asked of someone the clinic cannot treat."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import render_template

from services.leads.assessments.domain.eligibility import age_on
from services.leads.assessments.domain.safety import resources
from services.leads.assessments.wizard_steps import Form, parse_birth_date
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.checkout.clearance import SERVED_STATES

ADULT_AGE = 18


def early_exit(form: Form, today: date) -> Any | None:
    """The page to show instead of the health questions, or None when the clinic can treat this visitor."""
    t = page_catalogue("en")
    born = parse_birth_date(form.get("date_of_birth", ""))
    if born is not None and age_on(born, today) < ADULT_AGE:
        # Nothing is stored for a minor: the page points to help that is open to them now.
        lines = [r for r in resources(perinatal=False, catalogue=t) if r.id != "psi_helpline"]
        return render_template("assessment/under_18.html", t=t.t, resources=lines), 200
    state = form.get("state", "")
    if state and state not in SERVED_STATES:
        states = [(k.split(".")[1], t.t(k)) for k in t.keys("states.") if k.split(".")[1] not in SERVED_STATES]
        return render_template(
            "waitlist/form.html",
            t=t.t,
            states=states,
            errors={},
            done=None,
            form={"email": form.get("email", ""), "state": state},
            state_name=t.t(f"states.{state}") if t.has(f"states.{state}") else "",
        ), 200
    return None
