"""The page behind an expired result link: ask for a new link by email, answered the same whatever happens."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError
from marshmallow.validate import Email, Length

from services.leads.assessments.link_requests import request_new_link
from services.leads.bootstrap import current_parts
from services.leads.catalogue.page_texts import page_catalogue

bp = Blueprint("result_link_requests", __name__, url_prefix="/assessment/result")
_EMAIL = (Length(max=254), Email())


@bp.after_request
def _no_store(response: Any) -> Any:
    """The page echoes a visitor's email address: keep it out of every cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def expired_page(token: str = "", email: str = "", error: str = "", status: int = 404) -> ResponseReturnValue:
    """The kind page for an expired or unknown link, with the form to ask for a new one."""
    t = page_catalogue("en").t
    return render_template("assessment/expired.html", t=t, token=token, email=email, error=error), status


@bp.post("/new-link")
def new_link() -> ResponseReturnValue:
    """Ask for a new result link; the answer is the same whether or not the address is known."""
    email = request.form.get("email", "").strip()
    token = request.form.get("token", "").strip()[:2000]
    try:
        if not email:
            raise ValidationError("missing")
        for check in _EMAIL:
            check(email)
    except ValidationError:
        return expired_page(token, email[:254], page_catalogue("en").t("next_step_mail.email_invalid"), 422)
    request_new_link(current_parts(), email, token)
    return render_template("assessment/link_sent.html", t=page_catalogue("en").t), 200
