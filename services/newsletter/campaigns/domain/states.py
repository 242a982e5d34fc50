"""Lifecycles of a campaign, of each batch it is sent in, and of each recipient, as data.

Batches follow Ghost's crash-safe pattern: a batch is claimed (``submitting``) before the
provider call and marked ``submitted`` or ``failed`` after it, and only pending batches are
ever sent. A batch found still ``submitting`` after a crash is failed and retried; its
recipients are then recorded as ``possibly_duplicated`` rather than silently sent twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar


class CampaignState(StrEnum):
    """Where a campaign is in its life."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    PAUSED = "paused"
    SENT = "sent"
    CANCELED = "canceled"


class BatchState(StrEnum):
    """Where one batch of up to 1000 recipients is in its submission to the provider."""

    PENDING = "pending"
    SUBMITTING = "submitting"
    SUBMITTED = "submitted"
    FAILED = "failed"


class RecipientState(StrEnum):
    """What happened to one recipient of a campaign."""

    PENDING = "pending"
    SUBMITTED = "submitted"
    POSSIBLY_DUPLICATED = "possibly_duplicated"
    FAILED = "failed"
    SUPPRESSED = "suppressed"


S = TypeVar("S", CampaignState, BatchState, RecipientState)
C, B, R = CampaignState, BatchState, RecipientState

CAMPAIGN_TRANSITIONS: Mapping[tuple[CampaignState, str], CampaignState] = {
    (C.DRAFT, "schedule"): C.SCHEDULED,
    (C.SCHEDULED, "unschedule"): C.DRAFT,
    (C.SCHEDULED, "start"): C.SENDING,
    (C.SENDING, "pause"): C.PAUSED,
    (C.PAUSED, "resume"): C.SENDING,
    (C.SENDING, "finish"): C.SENT,
    (C.DRAFT, "cancel"): C.CANCELED,
    (C.SCHEDULED, "cancel"): C.CANCELED,
    (C.PAUSED, "cancel"): C.CANCELED,
}

BATCH_TRANSITIONS: Mapping[tuple[BatchState, str], BatchState] = {
    (B.PENDING, "claim"): B.SUBMITTING,
    (B.SUBMITTING, "accept"): B.SUBMITTED,
    (B.SUBMITTING, "fail"): B.FAILED,
    (B.FAILED, "retry"): B.PENDING,
}

RECIPIENT_TRANSITIONS: Mapping[tuple[RecipientState, str], RecipientState] = {
    (R.PENDING, "submit"): R.SUBMITTED,
    # Submitted again after an attempt whose outcome was unknown (a crash mid-request).
    (R.PENDING, "submit_uncertain"): R.POSSIBLY_DUPLICATED,
    (R.PENDING, "suppress"): R.SUPPRESSED,
    (R.PENDING, "fail"): R.FAILED,
    (R.FAILED, "retry"): R.PENDING,
}


class InvalidTransition(ValueError):
    """The action is not allowed from the current state."""

    def __init__(self, current: str, action: str) -> None:
        super().__init__(f"cannot {action} when {current}")
        self.current = current
        self.action = action


def transition(current: CampaignState | str, action: str) -> CampaignState:
    """Return the campaign state after ``action``; raise InvalidTransition if not allowed."""
    return _apply(CAMPAIGN_TRANSITIONS, CampaignState, current, action)


def batch_transition(current: BatchState | str, action: str) -> BatchState:
    """Return the batch state after ``action``; raise InvalidTransition if not allowed."""
    return _apply(BATCH_TRANSITIONS, BatchState, current, action)


def recipient_transition(current: RecipientState | str, action: str) -> RecipientState:
    """Return the recipient state after ``action``; raise InvalidTransition if not allowed."""
    return _apply(RECIPIENT_TRANSITIONS, RecipientState, current, action)


def allowed_actions(current: CampaignState | str) -> frozenset[str]:
    """Return the actions a campaign in this state accepts (for the staff UI's buttons)."""
    state = CampaignState(current)
    return frozenset(action for (source, action) in CAMPAIGN_TRANSITIONS if source == state)


def _apply(table: Mapping[tuple[S, str], S], kind: type[S], current: S | str, action: str) -> S:
    """Look up (state, action) in a transition table."""
    try:
        state = kind(current)
    except ValueError:
        raise InvalidTransition(str(current), action) from None
    try:
        return table[(state, action)]
    except KeyError:
        raise InvalidTransition(state.value, action) from None
