"""The hosted assessment at /assessment: server-side steps that work without JavaScript."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, redirect, render_template, request
from itsdangerous import BadSignature, URLSafeSerializer
from marshmallow import ValidationError

from services.kit.db_types import utcnow
from services.leads.assessments.domain import InvalidAnswers
from services.leads.assessments.domain.eligibility import Perinatal
from services.leads.assessments.idempotency import IdempotencyConflict
from services.leads.assessments.page_meta import assessment_meta
from services.leads.assessments.recorded import RequestMeta
from services.leads.assessments.recording import record_assessment
from services.leads.assessments.schemas import AssessmentRequestSchema
from services.leads.assessments.wizard_errors import field_for_path
from services.leads.assessments.wizard_exits import early_exit
from services.leads.assessments.wizard_interrupt import FIELD as SAFETY_REF
from services.leads.assessments.wizard_interrupt import continuation_of, safety_screen, save_answers_so_far
from services.leads.assessments.wizard_payload import form_to_payload
from services.leads.assessments.wizard_review import review_sections
from services.leads.assessments.wizard_steps import (
    ATTRIBUTION_FIELDS,
    CONSENT_FIELDS,
    INSTRUMENTS,
    OPTIONAL_INSTRUMENTS,
    PERINATAL_FIELDS,
    STAGES,
    STEPS,
    applicable_steps,
    check_step,
    disclosed,
    history_keys,
    stage_number,
    step_fields,
    step_of_error,
)
from services.leads.bootstrap import current_parts
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.spam.screening import SpamSignals
from services.leads.web.client import client_ip, user_agent

bp = Blueprint(
    "assessment_pages", __name__, url_prefix="/assessment", static_folder="static", static_url_path="/assets"
)
KNOWN = {f for s in STEPS for f in step_fields(s)} | set(ATTRIBUTION_FIELDS) | {"website", SAFETY_REF}
MAX_VALUE = 2100


def _token_signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_parts().settings.link_signing_key, salt="assessment-form-started")


def _read_form() -> dict[str, str]:
    return {k: v[:MAX_VALUE] for k, v in request.form.items() if k in KNOWN}


def _render(
    step: str, form: dict[str, str], errors: dict[str, str], token: str, status: int = 200, **extra: Any
) -> Any:
    t = page_catalogue("en")
    owned = set(step_fields(step))
    context: dict[str, Any] = {
        "step": step,
        "number": stage_number(step),
        "total": len(STAGES),
        # After a disclosure the rest of the questions are shown without the marketing nav.
        "calm": bool(form.get(SAFETY_REF)),
        "form": form,
        "errors": errors,
        "form_token": token,
        "t": t.t,
        "template": "instrument" if step in INSTRUMENTS else step,
        "hidden": {k: v for k, v in form.items() if k not in owned and k != "website" and v},
        "states": [(k.split(".")[1], t.t(k)) for k in t.keys("states.")],
        "fields": PERINATAL_FIELDS,
        "history_keys": history_keys(),
        "consent_fields": tuple(k for k in CONSENT_FIELDS if k != "terms"),
        **extra,
    }
    if step in INSTRUMENTS:
        variant = (
            Perinatal(**{k: form.get(k) == "yes" for k in PERINATAL_FIELDS}).epds_stem_variant if step == "epds" else ""
        )
        context["instrument"] = INSTRUMENTS[step].worded(t, variant)
        context["optional"] = step in OPTIONAL_INSTRUMENTS
    if step == "review":
        context["summary"] = review_sections(form, t)
    return render_template("assessment/step.html", **context), status


@bp.after_request
def _never_cached(response: Response) -> Response:
    """Every step carries the visitor's answers in the page: no browser or proxy may keep a copy."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("")
def start() -> Any:
    """Show the first step, remembering where the visit came from."""
    form = {k: request.args.get(k, "")[:200] for k in ATTRIBUTION_FIELDS if request.args.get(k)}
    form["referrer"] = request.headers.get("Referer", "")[:2000]
    form["landing_page"] = request.args.get("landing_page", request.full_path.rstrip("?"))[:2000]
    return _render("about_you", form, {}, _token_signer().dumps({"t": time.time()}), meta=assessment_meta())


@bp.post("")
def advance() -> Any:
    """Check the current step, then move forward, back, to a chosen step, or submit."""
    form, token = _read_form(), request.form.get("form_token", "")[:500]
    steps = applicable_steps(form)
    step = request.form.get("step", "about_you")
    step = step if step in steps else steps[0]
    action, goto = request.form.get("action", "next"), request.form.get("goto", "")
    if goto in steps:
        return _render(goto, form, {}, token)
    if action == "back":
        return _render(steps[max(steps.index(step) - 1, 0)], form, {}, token)
    t, today = page_catalogue("en"), utcnow().date()
    for earlier in steps[: steps.index(step) + 1]:
        errors = check_step(earlier, form, t, today)
        if errors:
            return _render(earlier, form, errors, token, 422)
    if step == "about_you":
        leaving = early_exit(form, today)
        if leaving is not None:
            return leaving
    if disclosed(step, form):
        shown_before = continuation_of(current_parts(), form) is not None
        try:
            ref = save_answers_so_far(current_parts(), form, step, _meta(form, token, "partial"))
        except ValidationError as exc:
            return _first_failing(form, _flatten(exc.messages), token)
        except InvalidAnswers as exc:
            return _first_failing(form, exc.messages(page_catalogue("en")), token)
        if not shown_before:
            return safety_screen(current_parts(), form, ref, step, token)
    if step != "review":
        return _render(steps[steps.index(step) + 1], form, {}, token)
    return _submit(form, token)


def _meta(form: dict[str, str], token: str, purpose: str) -> RequestMeta:
    try:
        started = float(_token_signer().loads(token)["t"])
    except (BadSignature, KeyError, TypeError, ValueError):
        started = time.time()  # a missing or forged token reads as an instant (too fast) submission
    return RequestMeta(
        ip=client_ip(),
        user_agent=user_agent(),
        idempotency_key=f"{purpose}:{token}" if token else None,
        signals=SpamSignals(form.get("website", ""), time.time() - started),
    )


def _submit(form: dict[str, str], token: str) -> Any:
    meta = _meta(form, token, "form")
    continues = continuation_of(current_parts(), form)
    try:
        payload = AssessmentRequestSchema().load(form_to_payload(form))
        try:
            recorded = record_assessment(current_parts(), payload, meta, continues=continues)
        except IdempotencyConflict:  # the same form sent again with changed answers is a new submission
            recorded = record_assessment(
                current_parts(), payload, replace(meta, idempotency_key=None), continues=continues
            )
    except ValidationError as exc:
        return _first_failing(form, _flatten(exc.messages), token)
    except InvalidAnswers as exc:
        return _first_failing(form, exc.messages(page_catalogue("en")), token)
    return redirect(urlsplit(recorded.answer["result_url"]).path, 303)


def _flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(messages, dict):
        out: dict[str, list[str]] = {}
        for key, value in messages.items():
            out.update(_flatten(value, f"{prefix}{key}."))
        return out
    return {prefix.rstrip("."): [str(m) for m in messages] if isinstance(messages, list) else [str(messages)]}


def _first_failing(form: dict[str, str], problems: dict[str, list[str]], token: str) -> Response:
    steps = applicable_steps(form)
    first = min((step_of_error(p) for p in problems), key=lambda s: steps.index(s) if s in steps else len(steps))
    first = first if first in steps else "review"
    errors = {field_for_path(p): " ".join(m) for p, m in problems.items() if step_of_error(p) == first}
    return _render(first, form, errors, token, 422)
