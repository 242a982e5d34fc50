"""Crash safety: workers killed with SIGKILL at random moments of a 20,000-recipient send."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from services.newsletter.tables import campaign_recipients
from tests.newsletter.campaign_api import act, create_campaign, progress, wait_until_sent
from tests.newsletter.local_stack import local_stack
from tests.newsletter.seeding import seed_confirmed
from tests.support.servers import ProcessServer, python_module

RECIPIENTS = 20_000
KILLS = 6


@pytest.mark.slow
def test_sigkilled_workers_lose_nobody_and_report_every_duplicate(
    service_env: Callable[..., dict[str, str]], marketer_headers: dict[str, str], tmp_path: Path
) -> None:
    """After ≥5 SIGKILLs mid-send, everyone is reached and anyone reached twice is marked possibly duplicated."""
    env = service_env("newsletter", SEND_RATE_PER_SECOND="2500", SENDGRID_TIMEOUT_SECONDS="3")
    rng = random.Random()
    with local_stack(env, worker=False) as stack:
        emails = seed_confirmed(stack.nl, RECIPIENTS)
        campaign = create_campaign(stack.url, marketer_headers)
        act(stack.url, marketer_headers, campaign["id"], "send")
        kills = 0
        while kills < KILLS:
            worker = ProcessServer(
                python_module("services.newsletter.worker"), stack.env, log=tmp_path / "worker.log"
            ).start()
            time.sleep(rng.uniform(0.4, 2.0))
            worker.kill()
            kills += 1
            if progress(stack.url, marketer_headers, campaign["id"])["state"] == "sent":
                break
        assert kills >= 5, "the send finished before the worker could be killed five times"
        with ProcessServer(python_module("services.newsletter.worker"), stack.env, log=tmp_path / "worker.log"):
            final = wait_until_sent(stack.url, marketer_headers, campaign["id"], timeout=180)
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
    assert not missing, f"{len(missing)} subscribers never received the campaign"
    unreported = set(stats["duplicates"]) - flagged
    assert not unreported, f"{len(unreported)} duplicates were not reported as possibly duplicated"
    assert final["sent"] == RECIPIENTS and final["possibly_duplicated"] == len(flagged)
    assert final["batches"]["submitted"] == RECIPIENTS // 1000
