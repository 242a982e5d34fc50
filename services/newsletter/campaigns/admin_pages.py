"""Staff pages under /admin/newsletter: campaign list, writing, preview, test send, schedule, send, progress."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, redirect, render_template, request
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError
from sqlalchemy import select

from services.kit.audit import record
from services.kit.staff_pages import staff_page
from services.newsletter.bootstrap import current_parts
from services.newsletter.campaigns import editing, lifecycle
from services.newsletter.campaigns.domain.rendering import personalize
from services.newsletter.campaigns.editing import CampaignDraft
from services.newsletter.campaigns.errors import CampaignError
from services.newsletter.campaigns.labels import audience_label, state_label
from services.newsletter.campaigns.progress import progress
from services.newsletter.campaigns.schemas import AUDIENCES, CampaignInSchema, ScheduleSchema, TestSendSchema
from services.newsletter.campaigns.trial_send import TEST_SUBSCRIBER_ID, send_test
from services.newsletter.sending.audience import count_audience
from services.newsletter.tables import campaigns

bp = Blueprint("campaign_admin", __name__, url_prefix="/admin/newsletter")
# Pages: someone whose sign-in ended is sent to sign in and back, never shown a bare 401.
marketer = staff_page("marketer")
FIELDS = ("slug", "subject", "preheader", "markdown", "audience")
# Notices a redirect may name in ?notice=; only these texts can appear, never the query's own.
NOTICES = {"test-sent": "A test copy is on its way."}
bp.add_app_template_filter(state_label, "campaign_state")
bp.add_app_template_filter(audience_label, "audience_label")


def _form(names: tuple[str, ...]) -> dict[str, str]:
    """Take the named fields from the posted form."""
    return {name: request.form.get(name, "") for name in names if name in request.form}


def _errors(exc: ValidationError | CampaignError) -> dict[str, list[str]]:
    """Flatten schema or campaign errors into field → messages."""
    raw: Any = exc.messages if isinstance(exc, ValidationError) else exc.errors
    return {k: v if isinstance(v, list) else [str(v)] for k, v in (raw or {}).items()}


@bp.get("")
@marketer
def campaign_list() -> ResponseReturnValue:
    """List campaigns with their state and totals."""
    with current_parts().db.transaction() as session:
        rows = session.execute(select(campaigns).order_by(campaigns.c.id.desc()).limit(200)).all()
    return render_template("newsletter/admin/campaigns.html", rows=rows)


@bp.get("/campaigns/new")
@marketer
def new_campaign() -> ResponseReturnValue:
    """Show the form for a new campaign."""
    return render_template(
        "newsletter/admin/edit.html", row=None, values={"audience": "everyone"}, errors={}, audiences=AUDIENCES
    )


@bp.post("/campaigns/new")
@marketer
def create_campaign() -> ResponseReturnValue:
    """Create a draft from the form."""
    nl = current_parts()
    values = _form(FIELDS)
    try:
        data = CampaignInSchema().load(values)
        with nl.db.transaction() as session:
            campaign_id = editing.create(session, nl.settings, CampaignDraft(**data), g.staff.subject)
            record(session, nl.container.infra.audit, "campaign.create", "campaign", str(campaign_id))
    except (ValidationError, CampaignError) as exc:
        page = render_template(
            "newsletter/admin/edit.html", row=None, values=values, errors=_errors(exc), audiences=AUDIENCES
        )
        return page, 422
    return redirect(f"/admin/newsletter/campaigns/{campaign_id}", code=303)


def _detail(
    campaign_id: int,
    *,
    errors: dict[str, list[str]] | None = None,
    notice: str | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    """Render the campaign page: edit form, test send, schedule, actions, progress."""
    nl = current_parts()
    try:
        with nl.db.transaction() as session:
            row = editing.load(session, campaign_id)
            figures = progress(session, campaign_id)
            audience_now = count_audience(session, row.audience) if row.state in editing.EDITABLE else None
    except CampaignError:
        return render_template("newsletter/admin/missing.html"), 404
    return render_template(
        "newsletter/admin/campaign.html",
        row=row,
        figures=figures,
        errors=errors or {},
        notice=notice,
        values=values or {k: getattr(row, k) for k in FIELDS},
        audiences=AUDIENCES,
        audience_now=audience_now,
        actions=lifecycle.available_actions(row.state),
        editable=row.state in editing.EDITABLE,
    ), status


@bp.get("/campaigns/<int:campaign_id>")
@marketer
def campaign_page(campaign_id: int) -> ResponseReturnValue:
    """Show one campaign, with the notice a redirect named."""
    return _detail(campaign_id, notice=NOTICES.get(request.args.get("notice", "")))


@bp.post("/campaigns/<int:campaign_id>")
@marketer
def edit_campaign(campaign_id: int) -> ResponseReturnValue:
    """Save edits from the form."""
    nl = current_parts()
    values = _form(FIELDS)
    try:
        data = CampaignInSchema().load(values)
        with nl.db.transaction() as session:
            editing.edit(session, nl.settings, campaign_id, data)
            record(session, nl.container.infra.audit, "campaign.edit", "campaign", str(campaign_id))
    except (ValidationError, CampaignError) as exc:
        return _detail(campaign_id, errors=_errors(exc), values=values, status=422)
    return _detail(campaign_id, notice="Saved.")


def _preview(campaign_id: int) -> tuple[Any, Any] | None:
    """Load a campaign and render it as a test recipient would get it; None when it does not exist."""
    nl = current_parts()
    try:
        with nl.db.transaction() as session:
            row = editing.load(session, campaign_id)
            rendered = editing.check(nl.settings, CampaignDraft(*(getattr(row, k) for k in FIELDS)))
    except CampaignError:
        return None
    return row, personalize(rendered, nl.links.recipient_urls(TEST_SUBSCRIBER_ID, campaign_id))


@bp.get("/campaigns/<int:campaign_id>/preview.html")
@marketer
def preview_html(campaign_id: int) -> ResponseReturnValue:
    """Show the rendered HTML email exactly as it will be sent (links are examples)."""
    found = _preview(campaign_id)
    if found is None:
        return render_template("newsletter/admin/missing.html"), 404
    response = Response(found[1].html, mimetype="text/html")
    # Email HTML carries inlined styles; the page is sandboxed so nothing in it can run or submit.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; frame-ancestors 'none'; sandbox"
    )
    return response


@bp.get("/campaigns/<int:campaign_id>/preview")
@marketer
def preview_page(campaign_id: int) -> ResponseReturnValue:
    """Show the subject and the plain-text part, with a link to the HTML part."""
    found = _preview(campaign_id)
    if found is None:
        return render_template("newsletter/admin/missing.html"), 404
    return render_template("newsletter/admin/preview.html", row=found[0], rendered=found[1])


@bp.post("/campaigns/<int:campaign_id>/test-send")
@marketer
def test_send(campaign_id: int) -> ResponseReturnValue:
    """Queue a test copy to the address in the form."""
    nl = current_parts()
    try:
        data = TestSendSchema().load(_form(("email",)))
        with nl.db.transaction() as session:
            send_test(session, nl, campaign_id, data["email"])
            record(session, nl.container.infra.audit, "campaign.test_send", "campaign", str(campaign_id))
    except (ValidationError, CampaignError) as exc:
        return _detail(campaign_id, errors={f"test_{k}": v for k, v in _errors(exc).items()}, status=422)
    # Redirect so that refreshing the page shows it again instead of sending another copy.
    return redirect(f"/admin/newsletter/campaigns/{campaign_id}?notice=test-sent", code=303)


@bp.post("/campaigns/<int:campaign_id>/schedule")
@marketer
def schedule(campaign_id: int) -> ResponseReturnValue:
    """Schedule from the form's local time and time zone."""
    nl = current_parts()
    try:
        data = ScheduleSchema().load(_form(("send_at", "timezone")))
        with nl.db.transaction() as session:
            lifecycle.schedule(session, campaign_id, data["send_at"], data.get("timezone") or None)
            record(session, nl.container.infra.audit, "campaign.schedule", "campaign", str(campaign_id))
    except (ValidationError, CampaignError) as exc:
        return _detail(campaign_id, errors=_errors(exc), status=422)
    return _detail(campaign_id, notice="Scheduled.")


@bp.post("/campaigns/<int:campaign_id>/<action>")
@marketer
def act(campaign_id: int, action: str) -> ResponseReturnValue:
    """Send now, pause, resume, cancel or unschedule."""
    nl = current_parts()
    if action not in lifecycle.ACTIONS:
        return _detail(campaign_id, errors={"action": ["Unknown action."]}, status=404)
    try:
        with nl.db.transaction() as session:
            lifecycle.act(session, nl, campaign_id, action)
            record(session, nl.container.infra.audit, f"campaign.{action}", "campaign", str(campaign_id))
    except CampaignError as exc:
        return _detail(campaign_id, errors={"action": [exc.message]}, status=exc.status)
    return redirect(f"/admin/newsletter/campaigns/{campaign_id}", code=303)
