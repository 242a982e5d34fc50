"""The campaign, batch and recipient lifecycles."""

from __future__ import annotations

import pytest

from services.newsletter.campaigns.domain.states import (
    BATCH_TRANSITIONS,
    CAMPAIGN_TRANSITIONS,
    BatchState,
    CampaignState,
    InvalidTransition,
    RecipientState,
    allowed_actions,
    batch_transition,
    recipient_transition,
    transition,
)


def test_a_campaign_goes_from_draft_to_sent_with_a_pause():
    """draft → scheduled → sending → paused → sending → sent."""
    state = CampaignState.DRAFT
    for action in ("schedule", "start", "pause", "resume", "finish"):
        state = transition(state, action)
    assert state is CampaignState.SENT


@pytest.mark.parametrize("state", ["draft", "scheduled", "paused"])
def test_cancel_is_allowed_before_and_between_sending(state):
    """Drafts, scheduled and paused campaigns can be canceled."""
    assert transition(state, "cancel") is CampaignState.CANCELED


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("sending", "cancel"),
        ("sent", "cancel"),
        ("canceled", "schedule"),
        ("draft", "start"),
        ("draft", "finish"),
        ("sent", "resume"),
        ("paused", "finish"),
        ("nonsense", "schedule"),
    ],
)
def test_disallowed_transitions_raise(state, action):
    """Anything not in the table raises InvalidTransition naming the state and action."""
    with pytest.raises(InvalidTransition) as caught:
        transition(state, action)
    assert (caught.value.current, caught.value.action) == (state, action)


def test_sent_and_canceled_are_terminal():
    """No action leaves sent or canceled."""
    assert allowed_actions("sent") == frozenset()
    assert allowed_actions(CampaignState.CANCELED) == frozenset()


def test_allowed_actions_read_from_the_table():
    """A scheduled campaign can start, go back to draft, or be canceled."""
    assert allowed_actions("scheduled") == {"start", "unschedule", "cancel"}


def test_transition_tables_only_name_known_states():
    """Every source and target in the tables is a declared state."""
    for (source, _), target in CAMPAIGN_TRANSITIONS.items():
        assert isinstance(source, CampaignState) and isinstance(target, CampaignState)
    for (batch_source, _), batch_target in BATCH_TRANSITIONS.items():
        assert isinstance(batch_source, BatchState) and isinstance(batch_target, BatchState)


def test_a_batch_is_claimed_then_submitted_or_failed_and_retried():
    """pending → submitting → submitted, or → failed → pending on retry."""
    assert batch_transition("pending", "claim") is BatchState.SUBMITTING
    assert batch_transition("submitting", "accept") is BatchState.SUBMITTED
    assert batch_transition("submitting", "fail") is BatchState.FAILED
    assert batch_transition("failed", "retry") is BatchState.PENDING


@pytest.mark.parametrize(("state", "action"), [("submitted", "claim"), ("pending", "accept"), ("submitted", "retry")])
def test_a_submitted_batch_is_never_sent_again(state, action):
    """Only pending batches can be claimed; submitted ones are final."""
    with pytest.raises(InvalidTransition):
        batch_transition(state, action)


def test_recipient_outcomes():
    """Recipients end submitted, possibly duplicated, suppressed, or failed and retried."""
    assert recipient_transition("pending", "submit") is RecipientState.SUBMITTED
    assert recipient_transition("pending", "submit_uncertain") is RecipientState.POSSIBLY_DUPLICATED
    assert recipient_transition("pending", "suppress") is RecipientState.SUPPRESSED
    assert recipient_transition("pending", "fail") is RecipientState.FAILED
    assert recipient_transition("failed", "retry") is RecipientState.PENDING
    with pytest.raises(InvalidTransition):
        recipient_transition("submitted", "submit")
