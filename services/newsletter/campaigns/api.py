"""The campaign JSON API for marketers: write, preview, test, schedule, send, pause, resume, cancel."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from flask import g
from flask_smorest import Blueprint, abort
from flask_smorest.error_handler import ErrorSchema
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.kit.audit import record
from services.kit.no_store import install_no_store
from services.kit.staff_auth import require_roles
from services.newsletter.bootstrap import current_parts
from services.newsletter.campaigns import editing, lifecycle
from services.newsletter.campaigns.domain.rendering import personalize
from services.newsletter.campaigns.editing import CampaignDraft
from services.newsletter.campaigns.errors import CampaignError
from services.newsletter.campaigns.progress import progress
from services.newsletter.campaigns.sample_recipient import sample_recipient
from services.newsletter.campaigns.schemas import (
    AudienceSchema,
    CampaignInSchema,
    CampaignOutSchema,
    CampaignPatchSchema,
    ConfirmationSchema,
    PreviewSchema,
    ProgressSchema,
    ScheduleSchema,
    TestSendAcceptedSchema,
    TestSendSchema,
)
from services.newsletter.campaigns.send_confirmation import snapshot
from services.newsletter.campaigns.trial_send import TEST_SUBSCRIBER_ID, send_test
from services.newsletter.tables import campaigns

blp = Blueprint("campaigns", __name__, url_prefix="/api/newsletter/campaigns", description="Newsletter campaigns")
install_no_store(blp)  # previews show the sample subscriber's name and address
T = TypeVar("T")
marketer = require_roles("marketer")


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """Open a transaction and turn CampaignError into the one error shape."""
    nl = current_parts()
    try:
        with nl.db.transaction() as session:
            yield session
    except CampaignError as exc:
        abort(exc.status, message=exc.message, errors=exc.errors or None)


def _audit(session: Session, action: str, campaign_id: int) -> None:
    """Record who did what to which campaign."""
    record(session, current_parts().container.infra.audit, f"campaign.{action}", "campaign", str(campaign_id))


@blp.get("")
@marketer
@blp.response(200, CampaignOutSchema(many=True))
def list_campaigns() -> list[Any]:
    """List campaigns, newest first."""
    with unit_of_work() as session:
        return list(session.execute(select(campaigns).order_by(campaigns.c.id.desc()).limit(200)).mappings())


@blp.post("")
@marketer
@blp.arguments(CampaignInSchema)
@blp.response(201, CampaignOutSchema)
def create_campaign(data: dict[str, str]) -> Any:
    """Create a draft campaign."""
    with unit_of_work() as session:
        campaign_id = editing.create(session, current_parts().settings, CampaignDraft(**data), g.staff.subject)
        _audit(session, "create", campaign_id)
        return editing.load(session, campaign_id)._mapping


@blp.get("/<int:campaign_id>")
@marketer
@blp.response(200, CampaignOutSchema)
def get_campaign(campaign_id: int) -> Any:
    """Show one campaign."""
    with unit_of_work() as session:
        return editing.load(session, campaign_id)._mapping


@blp.patch("/<int:campaign_id>")
@marketer
@blp.arguments(CampaignPatchSchema)
@blp.response(200, CampaignOutSchema)
def edit_campaign(data: dict[str, str], campaign_id: int) -> Any:
    """Change a campaign that has not started sending."""
    with unit_of_work() as session:
        editing.edit(session, current_parts().settings, campaign_id, data)
        _audit(session, "edit", campaign_id)
        return editing.load(session, campaign_id)._mapping


@blp.get("/<int:campaign_id>/preview")
@marketer
@blp.response(200, PreviewSchema)
def preview_campaign(campaign_id: int) -> Any:
    """Render the campaign as its sample recipient (the audience's first) would see it."""
    nl = current_parts()
    with unit_of_work() as session:
        row = editing.load(session, campaign_id)
        rendered = editing.check(
            nl.settings, CampaignDraft(row.slug, row.subject, row.preheader, row.markdown, row.audience)
        )
        sample = sample_recipient(session, row.audience)
    final = personalize(rendered, nl.links.recipient_urls(TEST_SUBSCRIBER_ID, campaign_id), sample.values)
    return {"subject": final.subject, "html": final.html, "text": final.text, "shown_for": sample.described}


@blp.post("/<int:campaign_id>/test-sends")
@marketer
@blp.arguments(TestSendSchema)
@blp.response(202, TestSendAcceptedSchema)
def test_send_campaign(data: dict[str, str], campaign_id: int) -> Any:
    """Send a "[Test]" copy to any address: merge fields show an example name and that address, never a subscriber's."""
    with unit_of_work() as session:
        send_test(session, current_parts(), campaign_id, data["email"])
        _audit(session, "test_send", campaign_id)
        return {"subject": editing.load(session, campaign_id).subject}


@blp.post("/<int:campaign_id>/schedule")
@marketer
@blp.arguments(ScheduleSchema)
@blp.response(200, CampaignOutSchema)
@blp.alt_response(404, schema=ErrorSchema, description="There is no such campaign.")
@blp.alt_response(
    409,
    schema=ErrorSchema,
    description="The send time has passed (or lies beyond year 9999), the campaign is no longer a draft or "
    "scheduled, or the audience changed since …/audience (field errors name send_at or confirmation).",
)
def schedule_campaign(data: dict[str, Any], campaign_id: int) -> Any:
    """Schedule the campaign for a time ahead, confirming the audience from …/audience.

    What depends on the clock or the campaign's state cannot be said by the schema: a send time that
    has passed, a campaign that has started or finished, an audience that changed. Those answer 409.
    """
    with unit_of_work() as session:
        confirmed = lifecycle.Confirmed(data["audience_count"], data["confirmation"])
        lifecycle.schedule(session, campaign_id, data["send_at"], data.get("timezone"), confirmed)
        _audit(session, "schedule", campaign_id)
        return editing.load(session, campaign_id)._mapping


@blp.get("/<int:campaign_id>/audience")
@marketer
@blp.response(200, AudienceSchema)
def campaign_audience(campaign_id: int) -> Any:
    """Who a send would reach now: segment, exact count and the confirmation token send and schedule need."""
    with unit_of_work() as session:
        return snapshot(session, editing.load(session, campaign_id))


@blp.post("/<int:campaign_id>/send")
@marketer
@blp.arguments(ConfirmationSchema)
@blp.response(200, CampaignOutSchema)
@blp.alt_response(404, schema=ErrorSchema, description="There is no such campaign.")
@blp.alt_response(
    409,
    schema=ErrorSchema,
    description="The campaign is not a draft or scheduled, nobody in its audience can be mailed now, "
    "or the audience changed since …/audience (field errors name audience or confirmation).",
)
def send_campaign(data: dict[str, Any], campaign_id: int) -> Any:
    """Start sending now to the audience confirmed from …/audience.

    Whether a campaign can start depends on its state and on who is subscribed now, which the schema
    cannot say: those answer 409.
    """
    with unit_of_work() as session:
        confirmed = lifecycle.Confirmed(data["audience_count"], data["confirmation"])
        lifecycle.act(session, current_parts(), campaign_id, "send", confirmed)
        _audit(session, "send", campaign_id)
        return editing.load(session, campaign_id)._mapping


def _action(name: str) -> Callable[[int], Any]:
    """Build the view for one lifecycle action."""

    def view(campaign_id: int) -> Any:
        with unit_of_work() as session:
            lifecycle.act(session, current_parts(), campaign_id, name)
            _audit(session, name, campaign_id)
            return editing.load(session, campaign_id)._mapping

    view.__name__ = f"{name}_campaign"
    view.__doc__ = {
        "pause": "Pause sending; batches already submitted stay submitted.",
        "resume": "Resume a paused send.",
        "cancel": "Cancel; recipients not yet submitted are never sent to.",
        "unschedule": "Return a scheduled campaign to draft.",
    }[name]
    return view


for _name in [a for a in lifecycle.ACTIONS if a != "send"]:
    blp.route(f"/<int:campaign_id>/{_name}", methods=["POST"])(
        marketer(blp.response(200, CampaignOutSchema)(_action(_name)))
    )


@blp.get("/<int:campaign_id>/progress")
@marketer
@blp.response(200, ProgressSchema)
def campaign_progress(campaign_id: int) -> Any:
    """Live figures: sent of total, rate, failures, possibly duplicated, engagement."""
    with unit_of_work() as session:
        return progress(session, campaign_id)
