"""Write campaigns: create and edit drafts, checked by rendering them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, insert, select, update
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.newsletter.campaigns.domain.audience import Audience, InvalidAudience
from services.newsletter.campaigns.domain.rendering import CampaignContentError, RenderedCampaign, render_campaign
from services.newsletter.campaigns.errors import CampaignError
from services.newsletter.sending.footer import campaign_footer
from services.newsletter.settings import NewsletterSettings
from services.newsletter.tables import campaigns

EDITABLE = ("draft", "scheduled")


@dataclass(frozen=True)
class CampaignDraft:
    """What a marketer writes: slug, subject, preheader, Markdown body and audience."""

    slug: str
    subject: str
    preheader: str
    markdown: str
    audience: str


def check(settings: NewsletterSettings, draft: CampaignDraft) -> RenderedCampaign:
    """Render the draft, turning content problems into field errors."""
    try:
        Audience(draft.audience)
        return render_campaign(draft.markdown, draft.subject, draft.preheader, draft.slug, campaign_footer(settings))
    except CampaignContentError as exc:
        raise CampaignError(422, "The campaign has invalid fields.", {exc.field: [exc.message]}) from None
    except InvalidAudience as exc:
        raise CampaignError(422, "The campaign has invalid fields.", {"audience": [str(exc)]}) from None


def _slug_taken(session: Session, slug: str, other_than: int | None = None) -> bool:
    """Tell whether another campaign already uses this slug."""
    query = select(campaigns.c.id).where(campaigns.c.slug == slug)
    if other_than is not None:
        query = query.where(campaigns.c.id != other_than)
    return session.execute(query).first() is not None


def create(session: Session, settings: NewsletterSettings, draft: CampaignDraft, author: str) -> int:
    """Store a new draft campaign; return its id."""
    check(settings, draft)
    if _slug_taken(session, draft.slug):
        raise CampaignError(409, "Another campaign already uses this slug.", {"slug": ["Choose another slug."]})
    now = utcnow()
    result = session.execute(
        insert(campaigns).values(
            slug=draft.slug,
            subject=draft.subject.strip(),
            preheader=draft.preheader.strip(),
            markdown=draft.markdown,
            audience=draft.audience,
            state="draft",
            total=0,
            created_by=author,
            created_at=now,
            updated_at=now,
        )
    )
    return int(cast(CursorResult[Any], result).inserted_primary_key[0])


def load(session: Session, campaign_id: int, *, lock: bool = False) -> Any:
    """Return the campaign row or raise a 404 CampaignError."""
    query = select(campaigns).where(campaigns.c.id == campaign_id)
    row = session.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise CampaignError(404, "There is no such campaign.")
    return row


def edit(session: Session, settings: NewsletterSettings, campaign_id: int, changes: dict[str, str]) -> None:
    """Change a campaign that has not started sending."""
    row = load(session, campaign_id, lock=True)
    if row.state not in EDITABLE:
        raise CampaignError(409, f"A {row.state} campaign can no longer be edited.")
    merged = CampaignDraft(**{k: changes.get(k, getattr(row, k)) for k in CampaignDraft.__dataclass_fields__})
    check(settings, merged)
    if _slug_taken(session, merged.slug, other_than=campaign_id):
        raise CampaignError(409, "Another campaign already uses this slug.", {"slug": ["Choose another slug."]})
    session.execute(
        update(campaigns)
        .where(campaigns.c.id == campaign_id)
        .values(
            slug=merged.slug,
            subject=merged.subject.strip(),
            preheader=merged.preheader.strip(),
            markdown=merged.markdown,
            audience=merged.audience,
            updated_at=utcnow(),
        )
    )
