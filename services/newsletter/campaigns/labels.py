"""Human names for campaign states and audiences, as staff pages show them."""

from __future__ import annotations

from services.newsletter.campaigns.domain.audience import EVERYONE
from services.newsletter.subscriber_domain.topics import topic_by_slug

STATE_LABELS: dict[str, str] = {
    "draft": "Draft",
    "scheduled": "Scheduled",
    "sending": "Sending",
    "paused": "Paused",
    "sent": "Sent",
    "canceled": "Canceled",
}


def state_label(state: str) -> str:
    """Return the display name of a campaign state (the code itself if unknown)."""
    return STATE_LABELS.get(state, state)


def audience_label(audience: str) -> str:
    """Return "Everyone" or the targeted topic's title (the code itself if unknown)."""
    if audience == EVERYONE:
        return "Everyone"
    try:
        return topic_by_slug(audience).name
    except KeyError:
        return audience
