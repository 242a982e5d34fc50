"""/consultation: the short path from "Schedule a free consultation" — contact details and preferred times."""

from __future__ import annotations

from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import Blueprint, Response, make_response, render_template, request
from flask.blueprints import BlueprintSetupState
from marshmallow import ValidationError

from services.kit.db_types import utcnow
from services.leads.assessments.schemas import to_e164
from services.leads.bootstrap import current_parts, parts_of
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.checkout.clearance import SERVED_STATES
from services.leads.consultations.booking import BookingRequest, book_consultation
from services.leads.consultations.choice_form import choice_fields, clinic_today, read_choices
from services.leads.consultations.windows import clinic_hours
from services.leads.web.client import client_ip, user_agent

bp = Blueprint("consultation_pages", __name__, url_prefix="/consultation")


@bp.record_once
def _check_hours(state: BlueprintSetupState) -> None:
    """Read the clinic's hours when the app is built, so a malformed setting stops the start, not a visitor."""
    clinic_hours(parts_of(state.app.extensions["container"]).settings)


def _contact_errors(form: dict[str, str]) -> tuple[dict[str, str], str | None]:
    """Check the contact fields; return errors by field and the phone in E.164 (None when not given)."""
    t = page_catalogue("en").t
    errors: dict[str, str] = {}
    for name in ("first_name", "last_name"):
        if not 1 <= len(form.get(name, "").strip()) <= 100:
            errors[name] = t(f"consultation_booking.errors.{name}")
    try:
        validate_email(form.get("email", "").strip(), check_deliverability=False)
    except EmailNotValidError:
        errors["email"] = t("consultation_booking.errors.email")
    phone = None
    if form.get("phone", "").strip():
        try:
            phone = to_e164(form["phone"])
        except ValidationError as exc:
            errors["phone"] = " ".join(exc.messages)
    if form.get("state") not in SERVED_STATES:
        errors["state"] = t("consultation_booking.errors.state")
    if form.get("consent") != "yes":
        errors["consent"] = t("consultation_booking.errors.consent")
    return errors, phone


def _render(template: str, status: int = 200, **context: Any) -> Response:
    """Render a page that holds personal details; no cache may keep it."""
    response = make_response(render_template(template, t=page_catalogue("en").t, **context), status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _form_page(form: dict[str, str], errors: dict[str, str], status: int = 200) -> Response:
    hours = clinic_hours(current_parts().settings)
    t = page_catalogue("en")
    states = [(code, t.t(f"states.{code}")) for code in sorted(SERVED_STATES)]
    return _render(
        "consultation/form.html",
        status,
        form=form,
        errors=errors,
        states=states,
        **choice_fields(hours, clinic_today(hours, utcnow())),
    )


@bp.get("")
def show() -> Response:
    """Show the short consultation form."""
    return _form_page({}, {})


@bp.post("")
def send() -> Response:
    """Store the lead and its preferred times, then say what happens next; bad input stores nothing."""
    form = {key: value[:300] for key, value in request.form.items()}
    hours = clinic_hours(current_parts().settings)
    errors, phone = _contact_errors(form)
    windows, window_errors = read_choices(form, hours, clinic_today(hours, utcnow()))
    errors.update(window_errors)
    if errors:
        return _form_page(form, errors, 422)
    booking = BookingRequest(
        first_name=form["first_name"].strip(),
        last_name=form["last_name"].strip(),
        email=form["email"].strip(),
        phone=phone,
        state=form["state"],
        windows=tuple(windows),
        spam_reasons=("honeypot",) if form.get("website", "").strip() else (),
    )
    book_consultation(current_parts(), booking, client_ip(), user_agent())
    return _render(
        "consultation/done.html",
        201,
        first_name=booking.first_name,
        times=[hours.label(w) for w in windows],
    )
