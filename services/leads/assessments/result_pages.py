"""The result page after the assessment: the next step for each outcome, or the safety screen only."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request

from services.kit.db_types import utcnow
from services.leads.assessments.domain.safety import resources
from services.leads.assessments.link_request_pages import expired_page
from services.leads.assessments.result_loading import ResultUnavailable, load_result
from services.leads.assessments.review_reasons import review_reasons
from services.leads.assessments.score_texts import score_lines
from services.leads.bootstrap import current_parts
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.consultations.choice_form import choice_fields, clinic_today, read_choices
from services.leads.consultations.requests import ConsultationNotOffered, LeadNotFound, request_consultation
from services.leads.consultations.windows import clinic_hours
from services.leads.waitlist.joining import join_from_lead
from services.leads.web.client import client_ip, user_agent

bp = Blueprint("result_pages", __name__, url_prefix="/assessment/result")


@bp.after_request
def _no_store(response: Any) -> Any:
    """Result pages show a person's outcome: no browser or proxy may keep a copy."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _page(token: str, errors: dict[str, str] | None = None, status: int = 200) -> Any:
    t = page_catalogue("en")
    try:
        view = load_result(current_parts(), token)
    except ResultUnavailable:
        return expired_page(token)
    answers = view.answers
    perinatal = bool(answers.get("perinatal_period"))
    lines = resources(perinatal=perinatal, catalogue=t)
    if answers["safety"]["flagged"]:
        return render_template("assessment/safety.html", t=t.t, resources=lines), status
    hours = clinic_hours(current_parts().settings)
    flash = (
        t.t("result_page.waitlist_done", state=t.t(f"states.{view.state}")) if request.args.get("waitlisted") else ""
    )
    return render_template(
        "assessment/result.html",
        t=t.t,
        token=token,
        lead_id=view.lead_id,
        outcome=view.outcome,
        page=answers["next_step"]["page"],
        next_text=t.t(answers["next_step"]["text_key"]),
        flash=flash,
        guidance=[t.t(k) for k in answers.get("guidance_keys", [])],
        scores=score_lines(answers["scores"], t),
        consultation_form=view.outcome in ("likely_eligible", "needs_review"),
        consultation_requested=view.consultation_requested,
        errors=errors or {},
        form=request.form if errors else {},
        **choice_fields(hours, clinic_today(hours, utcnow())),
        waitlisted=bool(request.args.get("waitlisted")),
        resources=lines,
        show_support=view.outcome in ("not_eligible", "out_of_area"),  # no clinic care for them: where else to turn
        review_why=review_reasons(answers, t) if view.outcome == "needs_review" else [],
    ), status


@bp.get("/<token>")
def show(token: str) -> Any:
    """Show the result of one submission."""
    return _page(token)


@bp.post("/<token>/consultation")
def consultation(token: str) -> Any:
    """Request a free consultation from the result page."""
    hours = clinic_hours(current_parts().settings)
    windows, errors = read_choices(request.form, hours, clinic_today(hours, utcnow()))
    if errors:
        return _page(token, errors, 422)
    try:
        view = load_result(current_parts(), token)
        request_consultation(current_parts(), view.lead_id, windows)
    except (ResultUnavailable, LeadNotFound):
        return _page(token)
    except ConsultationNotOffered:
        return _page(token, {"windows": "A consultation is not offered for this result."}, 409)
    return redirect(f"/assessment/result/{token}", 303)


@bp.post("/<token>/waitlist")
def waitlist(token: str) -> Any:
    """Join the waitlist of the visitor's state from the result page."""
    try:
        view = load_result(current_parts(), token)
    except ResultUnavailable:
        return _page(token)
    join_from_lead(current_parts(), view.lead_id, request.form.get("newsletter") == "yes", client_ip(), user_agent())
    return redirect(f"/assessment/result/{token}?waitlisted=1", 303)
