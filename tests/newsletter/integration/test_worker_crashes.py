"""Crash safety: workers killed with SIGKILL at random moments of a 20,000-recipient send."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.newsletter.worker_kills import kill_workers_during_campaign

RECIPIENTS = 20_000
KILLS = 6


@pytest.mark.slow
def test_sigkilled_workers_lose_nobody_and_report_every_duplicate(
    service_env: Callable[..., dict[str, str]], marketer_headers: dict[str, str], tmp_path: Path
) -> None:
    """After ≥5 SIGKILLs mid-send, everyone is reached and anyone reached twice is marked possibly duplicated."""
    env = service_env("newsletter", SEND_RATE_PER_SECOND="2500", SENDGRID_TIMEOUT_SECONDS="3")
    report = kill_workers_during_campaign(
        env, marketer_headers, tmp_path / "worker.log", recipients=RECIPIENTS, kills=KILLS
    )
    assert report.kills >= 5, "the send finished before the worker could be killed five times"
    assert report.missing == 0, f"{report.missing} subscribers never received the campaign"
    assert report.unreported == 0, f"{report.unreported} duplicates were not reported as possibly duplicated"
    assert report.final["sent"] == RECIPIENTS and report.final["possibly_duplicated"] == report.flagged
    assert report.final["batches"]["submitted"] == RECIPIENTS // 1000
