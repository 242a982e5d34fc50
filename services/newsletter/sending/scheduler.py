"""Start scheduled campaigns when their time comes."""

from __future__ import annotations

import logging

from sqlalchemy import select

from services.kit.db_types import utcnow
from services.newsletter.context import Newsletter
from services.newsletter.sending.audience import start_campaign
from services.newsletter.tables import campaigns

log = logging.getLogger(__name__)


def start_due_campaigns(nl: Newsletter) -> int:
    """Freeze and start every scheduled campaign whose send time has passed; return how many."""
    started = 0
    while True:
        with nl.db.transaction() as session:
            row = session.execute(
                select(campaigns.c.id)
                .where(campaigns.c.state == "scheduled", campaigns.c.send_at <= utcnow())
                .order_by(campaigns.c.send_at)
                .limit(1)
                .with_for_update(skip_locked=True)
            ).first()
            if row is None:
                return started
            total = start_campaign(session, nl, row.id)
        log.info("scheduled campaign started", extra={"campaign_id": row.id, "total": total})
        started += 1
