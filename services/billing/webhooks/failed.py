"""List and replay Stripe events whose processing failed: `python -m services.billing.webhooks.failed`."""

from __future__ import annotations

import argparse
import json
import uuid
from typing import Any

from sqlalchemy import select, update

from services.billing.bootstrap import build_container
from services.billing.tables import stripe_events
from services.billing.webhooks.store import STRIPE_EVENT_JOB
from services.kit.container import Container
from services.kit.outbox import enqueue


def failed_events(container: Container, limit: int = 100) -> list[dict[str, Any]]:
    """Return failed events, oldest first, without their bodies."""
    t = stripe_events
    with container.db.transaction() as session:
        rows = (
            session.execute(
                select(t.c.id, t.c.type, t.c.object_id, t.c.attempts, t.c.last_error, t.c.received_at)
                .where(t.c.status == "failed")
                .order_by(t.c.received_at)
                .limit(limit)
            )
            .mappings()
            .all()
        )
    return [dict(row) for row in rows]


def replay(container: Container, event_ids: list[str] | None = None, *, every_failed: bool = False) -> int:
    """Queue events again for processing (by id, or every failed one); return how many."""
    t = stripe_events
    with container.db.transaction() as session:
        query = select(t.c.id)
        if every_failed:
            query = query.where(t.c.status == "failed")
        else:
            query = query.where(t.c.id.in_(event_ids or []))
        ids = [row.id for row in session.execute(query)]
        if ids:
            session.execute(update(t).where(t.c.id.in_(ids)).values(status="pending", last_error=None))
        for event_id in ids:
            enqueue(
                session,
                container.infra.outbox,
                STRIPE_EVENT_JOB,
                {"event_id": event_id},
                dedupe_key=f"stripe-replay:{event_id}:{uuid.uuid4().hex}",
            )
    return len(ids)


def main(argv: list[str] | None = None) -> None:
    """Run `list` or `replay ID... | replay --all`."""
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("list", help="show failed events")
    again = sub.add_parser("replay", help="process events again")
    again.add_argument("event_ids", nargs="*")
    again.add_argument("--all", action="store_true", help="replay every failed event")
    args = parser.parse_args(argv)
    container = build_container()
    if args.action == "list":
        for row in failed_events(container):
            print(json.dumps(row, default=str))
        return
    if not args.event_ids and not args.all:
        parser.error("give event ids or --all")
    print(f"queued {replay(container, args.event_ids, every_failed=args.all)} event(s) again")


if __name__ == "__main__":
    main()
