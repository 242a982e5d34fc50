"""/contact: a short form for questions, including from people worried about someone else."""

from __future__ import annotations

from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import Blueprint, make_response, render_template, request
from marshmallow import ValidationError

from services.kit.clean_text import has_control_characters
from services.leads.assessments.domain.safety import resources
from services.leads.assessments.schemas import to_e164
from services.leads.bootstrap import current_parts
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.contact.inquiries import RELATIONSHIPS, Inquiry, record_inquiry
from services.leads.web.client import client_ip, user_agent

bp = Blueprint("contact_pages", __name__, url_prefix="/contact")


def _check(form: dict[str, str]) -> tuple[dict[str, str], str | None]:
    errors: dict[str, str] = {}
    if not 1 <= len(form.get("name", "").strip()) <= 200:
        errors["name"] = "Please tell us your name."
    try:
        validate_email(form.get("email", ""), check_deliverability=False)
    except EmailNotValidError:
        errors["email"] = "Please enter an email address, for example name@example.com."
    phone = None
    if form.get("phone", "").strip():
        try:
            phone = to_e164(form["phone"])
        except ValidationError as exc:
            errors["phone"] = " ".join(exc.messages)
    if form.get("relationship") not in RELATIONSHIPS:
        errors["relationship"] = "Please choose who this is about."
    if not 1 <= len(form.get("message", "").strip()) <= 2000:
        errors["message"] = "Please write a message (up to 2000 characters)."
    if form.get("consent") != "yes":
        errors["consent"] = "Please agree so that we can reply to you."
    for name in ("name", "message"):
        if name not in errors and has_control_characters(form.get(name, "")):
            errors[name] = "Please remove control characters."
    return errors, phone


def _private(body: str, status: int) -> Any:
    """A page that may show what the visitor wrote: never kept by a browser or proxy cache."""
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("")
def show() -> Any:
    """Show the contact form."""
    return render_template(
        "contact/form.html", t=page_catalogue("en").t, form={}, errors={}, relationships=RELATIONSHIPS
    )


@bp.post("")
def send() -> Any:
    """Store the inquiry and thank the visitor; when it holds crisis language, lead with the crisis lines."""
    form = {k: v[:2100] for k, v in request.form.items()}
    catalogue = page_catalogue("en")
    t = catalogue.t
    errors, phone = _check(form)
    if errors:
        page = render_template("contact/form.html", t=t, form=form, errors=errors, relationships=RELATIONSHIPS)
        return _private(page, 422)
    spam = ("honeypot",) if form.get("website", "").strip() else ()
    recorded = record_inquiry(
        current_parts(),
        Inquiry(
            form["name"].strip(), form["email"].strip(), phone, form["relationship"], form["message"].strip(), spam
        ),
        client_ip(),
        user_agent(),
    )
    if recorded.flagged:
        # The maternal hotline too: most people who write are new parents or worried about one.
        lines = resources(perinatal=True, catalogue=catalogue)
        return _private(render_template("contact/flagged.html", t=t, resources=lines), 201)
    return _private(render_template("contact/done.html", t=t), 201)
