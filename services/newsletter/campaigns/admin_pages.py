"""Staff pages under /admin/newsletter: campaign list, writing, preview, test send, schedule, send, progress."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, g, redirect, render_template, request
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError
from sqlalchemy import select

from services.kit.audit import record
from services.kit.local_time import local_time
from services.kit.no_store import install_no_store
from services.kit.staff_pages import staff_page
from services.newsletter.bootstrap import current_parts
from services.newsletter.campaigns import editing, lifecycle
from services.newsletter.campaigns.domain.rendering import RenderedCampaign, personalize
from services.newsletter.campaigns.editing import CampaignDraft
from services.newsletter.campaigns.errors import CampaignError
from services.newsletter.campaigns.labels import audience_label, state_label
from services.newsletter.campaigns.progress import progress
from services.newsletter.campaigns.sample_recipient import EXAMPLE, SampleRecipient, sample_recipient
from services.newsletter.campaigns.schemas import AUDIENCES, CampaignInSchema, ScheduleCheckSchema, TestSendSchema
from services.newsletter.campaigns.send_confirmation import snapshot
from services.newsletter.campaigns.trial_send import TEST_SUBSCRIBER_ID, send_test
from services.newsletter.sending.audience import count_audience
from services.newsletter.tables import campaigns

bp = Blueprint("campaign_admin", __name__, url_prefix="/admin/newsletter")
install_no_store(bp)  # previews and confirmations show a subscriber's name and address
# Pages: someone whose sign-in ended is sent to sign in and back, never shown a bare 401.
marketer = staff_page("marketer")
# CSS inlining may give the email's body tag attributes; the preview bar goes right after it.
_BODY_TAG = re.compile(r"<body[^>]*>", re.IGNORECASE)
FIELDS = ("slug", "subject", "preheader", "markdown", "audience")
# Notices a redirect may name in ?notice=; only these texts can appear, never the query's own.
NOTICES = {"test-sent": "A test copy is on its way.", "scheduled": "Scheduled."}
bp.add_app_template_filter(state_label, "campaign_state")
bp.add_app_template_filter(audience_label, "audience_label")
bp.add_app_template_filter(local_time, "local_time")


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
        example_first_name=EXAMPLE["first_name"],
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


def _preview(campaign_id: int) -> tuple[Any, RenderedCampaign, SampleRecipient] | None:
    """Load a campaign and render it as its sample recipient would get it; None when it does not exist."""
    nl = current_parts()
    try:
        with nl.db.transaction() as session:
            row = editing.load(session, campaign_id)
            rendered = editing.check(nl.settings, CampaignDraft(*(getattr(row, k) for k in FIELDS)))
            sample = sample_recipient(session, row.audience)
    except CampaignError:
        return None
    urls = nl.links.recipient_urls(TEST_SUBSCRIBER_ID, campaign_id)
    return row, personalize(rendered, urls, sample.values), sample


def _sandboxed(html: str) -> Response:
    """Answer email HTML under a policy that lets nothing in it run or submit."""
    response = Response(html, mimetype="text/html")
    # Email HTML carries inlined styles; the page is sandboxed so nothing in it can run or submit.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; frame-ancestors 'none'; sandbox"
    )
    return response


@bp.get("/campaigns/<int:campaign_id>/preview.html")
@marketer
def preview_html(campaign_id: int) -> ResponseReturnValue:
    """Show the rendered HTML email exactly as it will be sent (links are examples)."""
    found = _preview(campaign_id)
    if found is None:
        return render_template("newsletter/admin/missing.html"), 404
    return _sandboxed(found[1].html)


@bp.get("/campaigns/<int:campaign_id>/preview")
@marketer
def preview_page(campaign_id: int) -> ResponseReturnValue:
    """Show the HTML part first, under a bar with the subject, whose values fill it, and the text part's link."""
    found = _preview(campaign_id)
    if found is None:
        return render_template("newsletter/admin/missing.html"), 404
    row, rendered, sample = found
    bar = render_template("newsletter/admin/preview_bar.html", row=row, rendered=rendered, sample=sample)
    return _sandboxed(_BODY_TAG.sub(lambda tag: tag.group(0) + bar, rendered.html, count=1))


@bp.get("/campaigns/<int:campaign_id>/preview/text")
@marketer
def preview_text(campaign_id: int) -> ResponseReturnValue:
    """Show the subject and the plain-text part, with a link back to the HTML part."""
    found = _preview(campaign_id)
    if found is None:
        return render_template("newsletter/admin/missing.html"), 404
    return render_template("newsletter/admin/preview.html", row=found[0], rendered=found[1], sample=found[2])


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


def _confirm_page(
    campaign_id: int, kind: str, schedule: dict[str, str] | None = None, problem: str | None = None
) -> ResponseReturnValue:
    """Show the exact audience (segment and count) a send or schedule needs confirmed, with its token."""
    nl = current_parts()
    try:
        with nl.db.transaction() as session:
            row = editing.load(session, campaign_id)
            when = None
            if schedule is not None:
                when = lifecycle.check_schedule(session, campaign_id, schedule["send_at"], schedule["timezone"])[1]
            elif row.state not in editing.EDITABLE:
                raise CampaignError(409, f"A {row.state} campaign cannot be sent again.")
            audience = snapshot(session, row)
    except CampaignError as exc:
        return _detail(campaign_id, errors=_errors(exc) or {"action": [exc.message]}, status=exc.status)
    page = render_template(
        "newsletter/admin/confirm.html",
        row=row,
        kind=kind,
        audience=audience,
        when=local_time(when) if when else None,
        schedule=schedule or {},
        problem=problem,
    )
    return page, 409 if problem else 200


def _confirmed() -> lifecycle.Confirmed:
    """Read the confirmed count and token from the posted form."""
    raw = request.form.get("audience_count", "")
    return lifecycle.Confirmed(int(raw) if raw.isdigit() else None, request.form.get("confirmation") or None)


@bp.get("/campaigns/<int:campaign_id>/send")
@marketer
def confirm_send(campaign_id: int) -> ResponseReturnValue:
    """Ask before sending: the segment and exact count of who would get the campaign now."""
    return _confirm_page(campaign_id, "send")


@bp.post("/campaigns/<int:campaign_id>/schedule/check")
@marketer
def confirm_schedule(campaign_id: int) -> ResponseReturnValue:
    """Check the send time from the form, then ask to confirm it with the audience's segment and count."""
    try:
        data = ScheduleCheckSchema().load(_form(("send_at", "timezone")))
    except ValidationError as exc:
        return _detail(campaign_id, errors=_errors(exc), status=422)
    return _confirm_page(campaign_id, "schedule", {"send_at": data["send_at"], "timezone": data.get("timezone") or ""})


@bp.post("/campaigns/<int:campaign_id>/schedule")
@marketer
def schedule(campaign_id: int) -> ResponseReturnValue:
    """Schedule at the confirmed local time and time zone, for the confirmed audience."""
    nl = current_parts()
    values = _form(("send_at", "timezone"))
    try:
        data = ScheduleCheckSchema().load(values)
        with nl.db.transaction() as session:
            zone = data.get("timezone") or None
            lifecycle.schedule(session, campaign_id, data["send_at"], zone, _confirmed())
            record(session, nl.container.infra.audit, "campaign.schedule", "campaign", str(campaign_id))
    except ValidationError as exc:
        return _detail(campaign_id, errors=_errors(exc), status=422)
    except CampaignError as exc:
        if "confirmation" in exc.errors:
            schedule = {"send_at": values.get("send_at", ""), "timezone": values.get("timezone", "")}
            return _confirm_page(campaign_id, "schedule", schedule, problem=exc.message)
        return _detail(campaign_id, errors=_errors(exc), status=exc.status)
    return redirect(f"/admin/newsletter/campaigns/{campaign_id}?notice=scheduled", code=303)


@bp.post("/campaigns/<int:campaign_id>/<action>")
@marketer
def act(campaign_id: int, action: str) -> ResponseReturnValue:
    """Send now (with the confirmed audience), pause, resume, cancel or unschedule."""
    nl = current_parts()
    if action not in lifecycle.ACTIONS:
        return _detail(campaign_id, errors={"action": ["Unknown action."]}, status=404)
    try:
        with nl.db.transaction() as session:
            lifecycle.act(session, nl, campaign_id, action, _confirmed() if action == "send" else None)
            record(session, nl.container.infra.audit, f"campaign.{action}", "campaign", str(campaign_id))
    except CampaignError as exc:
        if "confirmation" in exc.errors:
            return _confirm_page(campaign_id, "send", problem=exc.message)
        return _detail(campaign_id, errors={"action": [exc.message]}, status=exc.status)
    return redirect(f"/admin/newsletter/campaigns/{campaign_id}", code=303)
