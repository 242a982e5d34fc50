"""Move a campaign through its life: schedule, send now, pause, resume, cancel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.newsletter.campaigns.domain.schedule import ScheduleError, parse_schedule
from services.newsletter.campaigns.domain.states import CampaignState, InvalidTransition, transition
from services.newsletter.campaigns.editing import load
from services.newsletter.campaigns.errors import CampaignError
from services.newsletter.campaigns.send_confirmation import require_confirmed
from services.newsletter.context import Newsletter
from services.newsletter.sending.audience import count_audience, start_campaign
from services.newsletter.tables import campaigns

ACTIONS = ("send", "pause", "resume", "cancel", "unschedule")
NOBODY_TO_SEND_TO = (
    "Nobody would receive this campaign: its audience has 0 subscribers who can be mailed. "
    "Choose another audience or wait for subscribers."
)


def _set_state(session: Session, campaign_id: int, state: CampaignState, **values: object) -> None:
    """Store the new state."""
    session.execute(
        update(campaigns).where(campaigns.c.id == campaign_id).values(state=state.value, updated_at=utcnow(), **values)
    )


@dataclass(frozen=True)
class Confirmed:
    """What the marketer confirmed: the audience count and token they were shown."""

    count: int | None
    confirmation: str | None


def check_schedule(session: Session, campaign_id: int, send_at: str, timezone: str | None) -> tuple[Any, datetime]:
    """Return the campaign and the UTC send time, or raise a CampaignError with field errors."""
    row = load(session, campaign_id, lock=True)
    try:
        when = parse_schedule(send_at, timezone, now=utcnow())
    except ScheduleError as exc:
        if exc.conflict:
            raise CampaignError(409, "The send time cannot be used now.", {exc.field: [exc.message]}) from None
        raise CampaignError(422, "The schedule has invalid fields.", {exc.field: [exc.message]}) from None
    if row.state not in ("draft", "scheduled"):
        raise CampaignError(409, f"A {row.state} campaign cannot be scheduled.")
    return row, when


def schedule(session: Session, campaign_id: int, send_at: str, timezone: str | None, confirmed: Confirmed) -> None:
    """Schedule a draft (or move a scheduled campaign) to a time in the given IANA zone, once confirmed."""
    row, when = check_schedule(session, campaign_id, send_at, timezone)
    require_confirmed(session, row, confirmed.count, confirmed.confirmation)
    _set_state(session, campaign_id, CampaignState.SCHEDULED, send_at=when, timezone=timezone)


def _refuse_empty(session: Session, row: Any) -> None:
    """Refuse to start or schedule a campaign whose audience nobody is in."""
    if count_audience(session, row.audience) == 0:
        # Who is subscribed changes over time, so this is a conflict with the present, not bad input.
        raise CampaignError(409, NOBODY_TO_SEND_TO, {"audience": [NOBODY_TO_SEND_TO]})


def act(session: Session, nl: Newsletter, campaign_id: int, action: str, confirmed: Confirmed | None = None) -> None:
    """Apply send (only with the confirmed audience), pause, resume, cancel or unschedule."""
    row = load(session, campaign_id, lock=True)
    try:
        if action == "send":
            # Checked only while the state allows a start, so a 409 still wins for a sent campaign.
            if row.state in ("draft", "scheduled"):
                _refuse_empty(session, row)
                given = confirmed or Confirmed(None, None)
                require_confirmed(session, row, given.count, given.confirmation)
            start_campaign(session, nl, campaign_id)
        elif action == "cancel" and row.state == CampaignState.SENDING:
            # Cancelling a send pauses it first; batches not yet submitted are never sent.
            _set_state(session, campaign_id, transition(transition(row.state, "pause"), "cancel"), finished_at=utcnow())
        elif action == "unschedule":
            _set_state(session, campaign_id, transition(row.state, "unschedule"), send_at=None)
        elif action in ("pause", "resume", "cancel"):
            extra = {"finished_at": utcnow()} if action == "cancel" else {}
            _set_state(session, campaign_id, transition(row.state, action), **extra)
        else:
            raise CampaignError(404, f"Unknown action {action!r}.")
    except InvalidTransition as exc:
        raise CampaignError(409, f"Cannot {action} a campaign that is {exc.current}.") from None


def available_actions(state: str) -> list[str]:
    """Return the actions the staff page offers for a campaign in `state`."""
    offered = {
        "draft": ["send", "cancel"],
        "scheduled": ["send", "unschedule", "cancel"],
        "sending": ["pause", "cancel"],
        "paused": ["resume", "cancel"],
    }
    return offered.get(state, [])
