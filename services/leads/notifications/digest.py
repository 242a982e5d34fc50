"""The intake digest (INTAKE_DIGEST_MINUTES > 0): one email listing every record since the last digest."""

from __future__ import annotations

from sqlalchemy import select, update

from services.kit.db_types import utcnow
from services.kit.email_jobs import queue_email
from services.kit.local_time import local_time
from services.leads.bootstrap import LeadsParts
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.notifications.intake import intake_message, record_link
from services.leads.tables import infra, intake_notices

MAX_PER_DIGEST = 500
FLUSH_SECONDS = 300.0  # with digests turned off, rows left from when they were on still go out


def digest_every_seconds(minutes: int) -> float:
    """How often the worker runs the digest task."""
    return minutes * 60.0 if minutes > 0 else FLUSH_SECONDS


class IntakeDigestTask:
    """The worker's periodic task: list the records not yet sent in one email, then mark them sent."""

    def __init__(self, parts: LeadsParts):
        self.parts = parts

    def __call__(self) -> None:
        """Send one digest of up to MAX_PER_DIGEST records; nothing when there is nothing new."""
        settings = self.parts.settings
        t = page_catalogue("en").t
        now = utcnow()
        with self.parts.container.db.transaction() as session:
            # SKIP LOCKED: two workers never list the same record twice.
            found = session.execute(
                select(intake_notices)
                .where(intake_notices.c.sent_at.is_(None))
                .order_by(intake_notices.c.created_at, intake_notices.c.id)
                .limit(MAX_PER_DIGEST)
                .with_for_update(skip_locked=True)
            ).all()
            if not found:
                return
            links = [
                (
                    t(
                        "crisis_text.intake.digest_item",
                        kind=t(f"crisis_text.intake.kinds.{n.kind}"),
                        at=local_time(n.created_at),
                    ),
                    record_link(settings, n.lead_id),
                )
                for n in found
            ]
            lines = [t("crisis_text.intake.digest_body", count=len(found), at=local_time(now))]
            subject = t("crisis_text.intake.digest_subject", count=len(found))
            queue_email(
                session,
                infra.outbox,
                intake_message(settings, subject, lines, links),
                dedupe_key=f"intake-digest:{found[0].id}:{found[-1].id}",
            )
            session.execute(
                update(intake_notices).where(intake_notices.c.id.in_([n.id for n in found])).values(sent_at=now)
            )
