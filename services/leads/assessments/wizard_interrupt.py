"""The safety interrupt: the answer to the step that holds a disclosure is the safety screen itself.

The answers given so far are stored at once as a part-way submission (lead, flag, clinician alert), so
closing the tab loses nothing; the screen can lead back to the remaining questions, whose answers then
complete the same submission.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import render_template
from itsdangerous import BadSignature, URLSafeTimedSerializer

from services.leads.assessments import idempotency
from services.leads.assessments.continuation import Continuation
from services.leads.assessments.domain.safety import resources
from services.leads.assessments.recorded import Recorded, RequestMeta
from services.leads.assessments.recording import record_assessment
from services.leads.assessments.schemas import AssessmentRequestSchema
from services.leads.assessments.wizard_payload import form_to_payload
from services.leads.assessments.wizard_steps import Form, applicable_steps, in_perinatal_period, step_fields
from services.leads.bootstrap import LeadsParts
from services.leads.catalogue.page_texts import page_catalogue

FIELD = "safety_ref"


def _signer(parts: LeadsParts) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(parts.settings.link_signing_key, salt="assessment-continuation")


def continuation_of(parts: LeadsParts, form: Form) -> Continuation | None:
    """The part-way submission the form continues, when it carries a valid reference."""
    raw = form.get(FIELD, "")
    if not raw:
        return None
    try:
        ref = _signer(parts).loads(raw, max_age=parts.settings.result_link_hours * 3600)
        return Continuation(str(ref["l"]), str(ref["s"]))
    except (BadSignature, KeyError, TypeError):
        return None


def _reference(parts: LeadsParts, recorded: Recorded) -> Continuation:
    """Read the lead and submission back from the stored answer's signed result link."""
    ref = parts.links.loads(recorded.answer["result_url"].rsplit("/", 1)[1])
    return Continuation(str(ref["l"]), str(ref["s"]))


def answered_so_far(form: Form, step: str) -> dict[str, str]:
    """The form without the fields of steps after `step` (a browser sends none; a script might)."""
    steps = applicable_steps(form)
    later = {name for s in steps[steps.index(step) + 1 :] for name in step_fields(s)}
    return {k: v for k, v in form.items() if k not in later}


def save_answers_so_far(parts: LeadsParts, form: Form, step: str, meta: RequestMeta) -> Continuation:
    """Store the answers given up to `step` (once per form, whatever the refreshes); return where they are."""
    payload = AssessmentRequestSchema().load(form_to_payload(answered_so_far(form, step)))
    ref = continuation_of(parts, form)
    if ref is not None:
        record_assessment(parts, payload, replace(meta, idempotency_key=None), partial=True, continues=ref)
        return ref
    try:
        return _reference(parts, record_assessment(parts, payload, meta, partial=True))
    except idempotency.IdempotencyConflict:
        # The same form, sent again after an answer was changed: update the submission it already saved.
        with parts.container.db.transaction() as session:
            found = idempotency.replay(
                session, parts.cipher, idempotency.fingerprint(meta.idempotency_key or "", {}), any_body=True
            )
        if found is None:
            raise
        earlier = _reference(parts, found)
        record_assessment(parts, payload, replace(meta, idempotency_key=None), partial=True, continues=earlier)
        return earlier


def safety_screen(parts: LeadsParts, form: Form, ref: Continuation, step: str, form_token: str) -> Any:
    """The safety screen, with a way back to the remaining questions that keeps every answer."""
    t = page_catalogue("en")
    carried = {k: v for k, v in form.items() if k not in ("website", FIELD) and v}
    carried[FIELD] = _signer(parts).dumps({"l": ref.lead_id, "s": ref.submission_id})
    return render_template(
        "assessment/safety.html",
        t=t.t,
        resources=resources(perinatal=in_perinatal_period(form), catalogue=t),
        continue_form={"step": step, "form_token": form_token, "hidden": carried},
    )
