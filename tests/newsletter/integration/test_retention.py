"""The newsletter retention pass deletes exactly what is past its period: unconfirmed sign-ups, old outbox rows."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select, update

from services.kit.db_types import utcnow
from services.newsletter.bootstrap import build_container, parts_of
from services.newsletter.privacy.retention import retention_pass
from services.newsletter.tables import infra, subscribers
from tests.newsletter.seeding import seed_confirmed


def test_only_what_is_past_its_period_goes(service_env):  # type: ignore[no-untyped-def]
    """A sign-up pending 8 days goes, one pending 6 days and a confirmed one stay; delivered outbox after 30 days."""
    nl = parts_of(build_container(service_env("newsletter", LOG_LEVEL="WARNING")))
    old, recent, confirmed = seed_confirmed(nl, 3)
    now = utcnow()
    with nl.db.transaction() as session:
        for email, status, age in ((old, "pending", 8), (recent, "pending", 6), (confirmed, "confirmed", 400)):
            session.execute(
                update(subscribers)
                .where(subscribers.c.email == email)
                .values(status=status, updated_at=now - timedelta(days=age))
            )
        session.execute(infra.outbox.delete())  # the import queued welcome emails
        for status, age in (("done", 31), ("done", 29), ("dead", 90)):
            session.execute(
                insert(infra.outbox).values(
                    kind="x", payload="{}", status=status, finished_at=now - timedelta(days=age)
                )
            )
        # A privacy answer carried the person's data: it goes at the first pass after delivery.
        session.execute(
            insert(infra.outbox).values(
                kind="event.deliver", payload="{}", status="done", finished_at=now, dedupe_key="event:leads:e-1:done"
            )
        )

    assert retention_pass(nl, now) == {"unconfirmed_signups": 1, "outbox_rows": 2}
    with nl.db.transaction() as session:
        assert sorted(session.execute(select(subscribers.c.email)).scalars()) == sorted([recent, confirmed])
        assert sorted(session.execute(select(infra.outbox.c.status)).scalars()) == ["dead", "done"]
    nl.db.dispose()
