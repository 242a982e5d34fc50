"""The retention job: anonymise leads that never converted once they have been quiet too long."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select

from services.kit.db_types import utcnow
from services.kit.outbox_retention import purge_delivered
from services.leads.bootstrap import LeadsParts
from services.leads.privacy.erasure import anonymise_lead
from services.leads.privacy.request_retention import purge_privacy_requests
from services.leads.tables import infra, leads

log = logging.getLogger(__name__)
BATCH = 200


def expired_lead_ids(parts: LeadsParts, now: datetime, limit: int = BATCH) -> list[str]:
    """Leads past the retention period: not converted, not erased, no open safety flag."""
    cutoff = now - timedelta(days=parts.settings.retention_days)
    with parts.container.db.transaction() as session:
        rows = session.execute(
            select(leads.c.id)
            .where(
                leads.c.converted_at.is_(None),
                leads.c.erased_at.is_(None),
                leads.c.updated_at < cutoff,
                # An open safety flag waits for a clinician, whatever its age.
                leads.c.safety_status != "flagged",
            )
            .order_by(leads.c.updated_at)
            .limit(limit)
        ).all()
    return [row.id for row in rows]


def run_retention(parts: LeadsParts, now: datetime | None = None) -> int:
    """Anonymise every expired lead, one transaction each; return how many."""
    now = now or utcnow()
    done = 0
    while ids := expired_lead_ids(parts, now):
        for lead_id in ids:
            with parts.container.db.transaction() as session:
                anonymise_lead(session, lead_id, "retention", now, "retention_anonymised")
            done += 1
        if len(ids) < BATCH:
            break
    if done:
        log.info("retention anonymised leads", extra={"count": done})
    return done


def retention_pass(parts: LeadsParts, now: datetime | None = None) -> dict[str, int]:
    """Every leads retention rule once (see docs/retention.md); return what each removed."""
    now = now or utcnow()
    done = {"leads_anonymised": run_retention(parts, now)}
    done.update(purge_privacy_requests(parts, now))
    done["outbox_rows"] = purge_delivered(parts.container.db, infra.outbox, parts.settings.outbox_keep_days, now)
    return done


class RetentionTask:
    """The worker's periodic retention run."""

    def __init__(self, parts: LeadsParts):
        self.parts = parts

    def __call__(self) -> None:
        """Run retention now."""
        retention_pass(self.parts)


if __name__ == "__main__":
    from services.leads.bootstrap import build_container, parts_of

    print(retention_pass(parts_of(build_container())))
