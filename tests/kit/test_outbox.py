"""The outbox: written with the business row, claimed, retried with backoff, dead-lettered."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import select, update

from services.kit.db import Database
from services.kit.outbox import OutboxStore, backoff_seconds, enqueue
from services.kit.worker import PermanentJobError, RetryableJobError, Worker
from services.leads.tables import infra
from tests.support.servers import ROOT


@pytest.fixture
def store(databases):
    """An outbox store on a fresh leads database."""
    db = Database(databases.create("leads"))
    yield OutboxStore(db, infra.outbox, max_attempts=3, lease_seconds=30)
    db.dispose()


def _worker(store, handlers):
    return Worker("leads", store.db, store, infra.heartbeat, handlers, poll_interval=0.01)


def test_a_rolled_back_transaction_leaves_no_side_effect(store):
    """A job enqueued in a transaction that fails is never seen by a worker."""
    with pytest.raises(RuntimeError), store.db.transaction() as session:
        enqueue(session, infra.outbox, "noop", {"n": 1})
        raise RuntimeError("business write failed")
    assert store.claim("w1") == []


def test_a_claimed_job_is_leased_to_one_worker_and_completed(store):
    """Once claimed, a job is invisible to others until done."""
    with store.db.transaction() as session:
        enqueue(session, infra.outbox, "noop", {"n": 1})
    jobs = store.claim("w1")
    assert [j.payload for j in jobs] == [{"n": 1}]
    assert store.claim("w2") == []
    store.complete(jobs[0])
    assert store.counts() == {"done": 1}


def test_a_dedupe_key_records_an_effect_once(store):
    """Enqueueing the same dedupe key twice keeps one job."""
    with store.db.transaction() as session:
        enqueue(session, infra.outbox, "noop", {}, dedupe_key="k1")
        enqueue(session, infra.outbox, "noop", {}, dedupe_key="k1")
    assert store.counts() == {"pending": 1}


def test_failures_back_off_record_the_error_then_dead_letter(store):
    """A failing job is retried later with its last error kept, then dead-lettered after max tries."""
    with store.db.transaction() as session:
        enqueue(session, infra.outbox, "flaky", {})
    calls = []

    def flaky(payload):
        calls.append(payload)
        raise RetryableJobError("provider said 503")

    worker = _worker(store, {"flaky": flaky})
    for _ in range(3):
        assert worker.run_once() == 1
        with store.db.transaction() as session:  # make the retry due now instead of waiting
            session.execute(update(infra.outbox).values(available_at=infra.outbox.c.created_at))
    assert len(calls) == 3
    dead = store.dead_letters()
    assert len(dead) == 1 and "503" in dead[0]["last_error"] and dead[0]["attempts"] == 3


def test_a_retry_waits_for_the_backoff(store):
    """After a retryable failure the job is not claimable at once."""
    with store.db.transaction() as session:
        enqueue(session, infra.outbox, "flaky", {})
    job = store.claim("w1")[0]
    assert store.fail(job, "boom", retry_after=120) == "pending"
    assert store.claim("w1") == []
    with store.db.transaction() as session:
        row = session.execute(select(infra.outbox.c.available_at, infra.outbox.c.last_error)).one()
    assert row.last_error == "boom"


def test_a_permanent_error_dead_letters_at_once(store):
    """A provider's 400 is not retried."""
    with store.db.transaction() as session:
        enqueue(session, infra.outbox, "bad", {})

    def bad(_payload):
        raise PermanentJobError("400 invalid from address")

    _worker(store, {"bad": bad}).run_once()
    assert store.counts() == {"dead": 1}


def test_a_stale_worker_cannot_complete_a_reclaimed_job(store):
    """Completion is fenced by the attempt, so a job re-leased to another worker stays theirs."""
    with store.db.transaction() as session:
        enqueue(session, infra.outbox, "noop", {})
    first = store.claim("w1")[0]
    with store.db.transaction() as session:  # the lease ran out
        session.execute(update(infra.outbox).values(available_at=infra.outbox.c.created_at))
    second = store.claim("w2")[0]
    store.complete(first)
    assert store.counts() == {"pending": 1}
    store.complete(second)
    assert store.counts() == {"done": 1}


def test_backoff_grows_and_honours_a_provider_reset():
    """Delays grow exponentially (with jitter) and never undercut a reset time."""
    assert all(0.5 <= backoff_seconds(1) <= 2 for _ in range(50))
    assert all(32 <= backoff_seconds(7) <= 128 for _ in range(50))
    assert backoff_seconds(1, floor=30) >= 30
    assert backoff_seconds(10_000, cap=60) <= 60  # no overflow however many attempts


def test_the_cli_lists_and_retries_dead_letters(store):
    """`python -m services.kit.outbox_cli` shows dead jobs and puts them back."""
    with store.db.transaction() as session:
        enqueue(session, infra.outbox, "bad", {})
    job = store.claim("w1")[0]
    store.fail(job, "refused: 400", retryable=False)
    env = {"LEADS_DATABASE_URL": store.db.url, "PATH": "/usr/bin:/bin"}
    listed = subprocess.run(
        [sys.executable, "-m", "services.kit.outbox_cli", "leads", "dead"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "refused: 400" in listed.stdout
    retried = subprocess.run(
        [sys.executable, "-m", "services.kit.outbox_cli", "leads", "retry", str(job.id)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "requeued 1" in retried.stdout
    assert store.counts() == {"pending": 1}
