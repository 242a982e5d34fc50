"""/waitlist: a plain form to join a state's waitlist."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from marshmallow import ValidationError

from services.leads.bootstrap import current_parts
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.checkout.clearance import SERVED_STATES
from services.leads.waitlist.api import WaitlistSchema
from services.leads.waitlist.joining import join_directly

bp = Blueprint("waitlist_pages", __name__, url_prefix="/waitlist")


def _states() -> list[tuple[str, str]]:
    t = page_catalogue("en")
    return [(k.split(".")[1], t.t(k)) for k in t.keys("states.") if k.split(".")[1] not in SERVED_STATES]


@bp.get("")
def show() -> Any:
    """Show the waitlist form."""
    return render_template("waitlist/form.html", t=page_catalogue("en").t, states=_states(), errors={}, done=None)


@bp.post("")
def join() -> Any:
    """Join and confirm."""
    t = page_catalogue("en")
    form = {"email": request.form.get("email", "")[:254], "state": request.form.get("state", "")[:2]}
    try:
        data = WaitlistSchema().load(form)
    except ValidationError as exc:
        errors = {k: " ".join(v) for k, v in exc.normalized_messages().items()}
        return render_template("waitlist/form.html", t=t.t, states=_states(), errors=errors, done=None), 422
    if data["state"] in SERVED_STATES:
        return render_template(
            "waitlist/form.html",
            t=t.t,
            states=_states(),
            done=None,
            errors={"state": "We already serve this state: take the free assessment."},
        ), 422
    join_directly(current_parts(), data["email"], data["state"])
    done = t.t("result_page.waitlist_done", state=t.t(f"states.{data['state']}"))
    return render_template("waitlist/form.html", t=t.t, states=_states(), errors={}, done=done)
