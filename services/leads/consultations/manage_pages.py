"""/consultation/manage/<token>: the visitor's page, from a signed email link, to cancel or ask for another time."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, make_response, redirect, render_template, request

from services.kit.db_types import utcnow
from services.leads.bootstrap import current_parts
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.consultations.choice_form import choice_fields, clinic_today, read_choices
from services.leads.consultations.manage_links import LinkExpired, LinkInvalid, open_link
from services.leads.consultations.us_dates import us_moment
from services.leads.consultations.visitor_changes import (
    ConsultationGone,
    NoLongerChangeable,
    ask_for_another_time,
    cancel,
    consultation_view,
)
from services.leads.consultations.windows import clinic_hours

bp = Blueprint("consultation_manage_pages", __name__, url_prefix="/consultation/manage")
DONE = {"cancelled": "consultation_booking.cancel_done", "changed": "consultation_booking.change_done"}


def _no_store(body: str, status: int) -> Response:
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _invalid(status: int) -> Response:
    """A kind page for a link that was altered (404), has expired (410), or whose person was erased."""
    return _no_store(render_template("consultation/link_invalid.html", t=page_catalogue("en").t), status)


def _page(token: str, errors: dict[str, str] | None = None, status: int = 200) -> Response:
    parts = current_parts()
    try:
        view = consultation_view(parts, open_link(parts.settings, token))
    except LinkExpired:
        return _invalid(410)
    except (LinkInvalid, ConsultationGone):
        return _invalid(404)
    now = utcnow()
    hours = clinic_hours(parts.settings)
    if view.status == "cancelled":
        state = "cancelled"
    elif not view.open_at(now):
        state = "past"
    else:
        state = {"confirmed": "booked", "change_requested": "change_requested"}.get(view.status, "requested")
    body = render_template(
        "consultation/manage.html",
        t=page_catalogue("en").t,
        token=token,
        state=state,
        when=us_moment(view.starts_at) if view.starts_at else "",
        times=[hours.label(w) for w in view.windows],
        done=DONE.get(request.args.get("done", ""), ""),
        errors=errors or {},
        form=request.form if errors else {},
        **choice_fields(hours, clinic_today(hours, now)),
    )
    return _no_store(body, status)


@bp.get("/<token>")
def show(token: str) -> Response:
    """Show the consultation, with ways to cancel or ask for another time while it is still ahead."""
    return _page(token)


def _act(token: str, action: Any, done: str) -> Any:
    parts = current_parts()
    try:
        action(parts, open_link(parts.settings, token))
    except LinkExpired:
        return _invalid(410)
    except (LinkInvalid, ConsultationGone):
        return _invalid(404)
    except NoLongerChangeable:
        return _page(token, status=409)
    return redirect(f"/consultation/manage/{token}?done={done}", 303)


@bp.post("/<token>/cancel")
def cancel_page(token: str) -> Any:
    """Cancel the consultation."""
    return _act(token, cancel, "cancelled")


@bp.post("/<token>/change")
def change_page(token: str) -> Any:
    """Ask for another time with new preferred windows; bad choices get field errors and change nothing."""
    hours = clinic_hours(current_parts().settings)
    windows, errors = read_choices(request.form, hours, clinic_today(hours, utcnow()))
    if errors:
        return _page(token, errors, 422)
    return _act(token, lambda parts, cid: ask_for_another_time(parts, cid, windows), "changed")
