"""SIGKILL newsletter workers at random moments of a campaign send, then count who was reached and flagged."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from services.newsletter.tables import campaign_recipients
from tests.newsletter.campaign_api import act, create_campaign, progress, wait_until_sent
from tests.newsletter.local_stack import local_stack
from tests.newsletter.seeding import seed_confirmed
from tests.support.servers import ProcessServer, python_module


@dataclass(frozen=True)
class KillReport:
    """What a send with killed workers came to."""

    recipients: int
    kills: int
    missing: int
    duplicates: int
    flagged: int
    unreported: int
    final: dict
    seconds: float


def kill_workers_during_campaign(
    env: dict[str, str], headers: dict[str, str], log: Path, *, recipients: int, kills: int, seed: int | None = None
) -> KillReport:
    """Send a campaign to `recipients` while killing up to `kills` worker processes; let a last one finish it."""
    rng = random.Random(seed)
    started = time.monotonic()
    with local_stack(env, worker=False) as stack:
        emails = seed_confirmed(stack.nl, recipients)
        campaign = create_campaign(stack.url, headers)
        act(stack.url, headers, campaign["id"], "send")
        done = 0
        while done < kills:
            worker = ProcessServer(python_module("services.newsletter.worker"), stack.env, log=log).start()
            time.sleep(rng.uniform(0.4, 2.0))
            worker.kill()
            done += 1
            if progress(stack.url, headers, campaign["id"])["state"] == "sent":
                break
        with ProcessServer(python_module("services.newsletter.worker"), stack.env, log=log):
            final = wait_until_sent(stack.url, headers, campaign["id"], timeout=600)
        stats = stack.mail_stats()
        with stack.nl.db.transaction() as session:
            flagged = {
                r.email.lower()
                for r in session.execute(
                    select(campaign_recipients.c.email).where(
                        campaign_recipients.c.campaign_id == campaign["id"],
                        campaign_recipients.c.state == "possibly_duplicated",
                    )
                )
            }
    reached = stats["per_recipient"]
    missing = {e.lower() for e in emails} - set(reached)
    unreported = set(stats["duplicates"]) - flagged
    return KillReport(
        recipients=recipients,
        kills=done,
        missing=len(missing),
        duplicates=len(stats["duplicates"]),
        flagged=len(flagged),
        unreported=len(unreported),
        final=final,
        seconds=time.monotonic() - started,
    )
