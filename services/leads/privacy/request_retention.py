"""Privacy requests never confirmed are deleted after PRIVACY_UNCONFIRMED_DAYS; an export not downloaded in time
is deleted when its link expires. Answered requests keep no address, only their kind and dates."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select

from services.leads.bootstrap import LeadsParts
from services.leads.tables import privacy_export_parts, privacy_requests


def purge_privacy_requests(parts: LeadsParts, now: datetime) -> dict[str, int]:
    """Delete stale unconfirmed requests and expired export parts; return how many of each."""
    cutoff = now - timedelta(days=parts.settings.privacy_unconfirmed_days)
    with parts.container.db.transaction() as session:
        unconfirmed = session.execute(
            delete(privacy_requests).where(
                privacy_requests.c.status == "unconfirmed", privacy_requests.c.created_at < cutoff
            )
        )
        expired = select(privacy_requests.c.id).where(privacy_requests.c.download_expires_at < now)
        parts_gone = session.execute(delete(privacy_export_parts).where(privacy_export_parts.c.request_id.in_(expired)))
    return {
        "unconfirmed_requests": int(cast(CursorResult[Any], unconfirmed).rowcount or 0),
        "expired_exports": int(cast(CursorResult[Any], parts_gone).rowcount or 0),
    }
