"""The billing retention pass deletes exactly what is past its period: sign-in links, Stripe events, outbox rows."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select

from services.billing.bootstrap import build_container, parts_of
from services.billing.privacy.retention import retention_pass
from services.billing.tables import infra, signin_links, stripe_events
from services.kit.db_types import utcnow


def test_only_what_is_past_its_period_goes(service_env):  # type: ignore[no-untyped-def]
    """Links expired over a day ago go; handled events after 30 days go, failed ones stay; delivered outbox at 30."""
    parts = parts_of(build_container(service_env("billing", LOG_LEVEL="WARNING")))
    now = utcnow()
    with parts.container.db.transaction() as session:
        for nonce, expired_hours in (("old", 25), ("recent", 23), ("live", -1)):
            session.execute(
                insert(signin_links).values(
                    nonce=nonce, customer_ref="c", created_at=now, expires_at=now - timedelta(hours=expired_hours)
                )
            )
        for event_id, status, age in (
            ("evt_old", "processed", 31),
            ("evt_old_ignored", "ignored", 31),
            ("evt_new", "processed", 29),
            ("evt_failed", "failed", 90),
        ):
            session.execute(
                insert(stripe_events).values(
                    id=event_id,
                    type="customer.updated",
                    created=0,
                    payload="{}",
                    status=status,
                    received_at=now - timedelta(days=age),
                )
            )
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

    assert retention_pass(parts, now) == {"signin_links": 1, "stripe_events": 2, "outbox_rows": 2}
    with parts.container.db.transaction() as session:
        assert sorted(session.execute(select(signin_links.c.nonce)).scalars()) == ["live", "recent"]
        assert sorted(session.execute(select(stripe_events.c.id)).scalars()) == ["evt_failed", "evt_new"]
        assert sorted(session.execute(select(infra.outbox.c.status)).scalars()) == ["dead", "done"]
    parts.container.db.dispose()
