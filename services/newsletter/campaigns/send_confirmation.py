"""The confirmation a send or schedule must carry: the exact audience the marketer was shown.

The token digests the campaign, its last edit, its audience segment and the ids of everyone the
segment reaches now, so a confirmation stops matching as soon as anyone joins or leaves the audience
or the campaign changes, even when the count happens to stay the same.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from services.newsletter.campaigns.domain.audience import Audience
from services.newsletter.campaigns.errors import CampaignError
from services.newsletter.campaigns.labels import audience_label
from services.newsletter.sending.audience import eligible_sql


@dataclass(frozen=True)
class AudienceSnapshot:
    """Who the campaign would reach now, and the token that confirms exactly that."""

    audience: str
    audience_label: str
    count: int
    confirmation: str


def snapshot(session: Session, row: Any) -> AudienceSnapshot:
    """Count the campaign's audience now and digest it into a confirmation token."""
    sql, params = eligible_sql(Audience(row.audience))
    ids = session.execute(text("SELECT s.id " + sql + " ORDER BY s.id"), params).scalars()
    digest = hashlib.sha256(f"{row.id}|{row.audience}|{row.updated_at.isoformat()}|".encode())
    count = 0
    for subscriber_id in ids:
        digest.update(f"{subscriber_id},".encode())
        count += 1
    return AudienceSnapshot(row.audience, audience_label(row.audience), count, digest.hexdigest()[:40])


def require_confirmed(session: Session, row: Any, count: int | None, confirmation: str | None) -> AudienceSnapshot:
    """Return the audience when the caller confirmed exactly it; raise a 409 with the new figures otherwise."""
    now = snapshot(session, row)
    if count == now.count and confirmation == now.confirmation:
        return now
    people = f"{now.count} subscriber{'' if now.count == 1 else 's'}"
    message = (
        f"The audience has changed since it was confirmed: it is now {people} ({now.audience_label}). "
        "Check it and confirm again."
    )
    raise CampaignError(409, message, {"confirmation": [message]})
