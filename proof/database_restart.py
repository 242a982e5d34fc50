"""Proof 1: PostgreSQL restarted and Redis stopped under steady load through the gateway; nothing promised is lost."""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import redis
import requests
from sqlalchemy import select

from proof.backup_restore import backup_and_restore
from proof.outcome import Outcome
from proof.own_servers import OwnPostgres, OwnRedis, own_postgres, own_redis
from proof.steady_load import HANG_SECONDS, Shot, ms, percentile, shoot
from services.billing.tables import stripe_events
from services.billing.webhooks.signature import sign
from services.kit.db import Database
from services.leads.tables import leads
from tests.leads.payloads import likely_eligible
from tests.support.databases import DatabaseFactory
from tests.support.system import RunningSystem, running_system

# The development secret billing and the Stripe stand-in share (never valid in production).
DEV_WEBHOOK_SECRET = "whsec_dev_standin"  # noqa: S105
# After PostgreSQL is back, pools may hand out one dead connection each before pre-ping replaces it.
RECOVERY_GRACE = 3.0
FINISHED = ("processed", "ignored")


@dataclass(frozen=True)
class Knobs:
    """Durations and rates, from the environment so a development run can be short."""

    seconds: float = float(os.environ.get("PROOF_LOAD_SECONDS", "60"))
    lead_rate: float = float(os.environ.get("PROOF_LEAD_RATE", "8"))
    webhook_rate: float = float(os.environ.get("PROOF_WEBHOOK_RATE", "8"))
    burst_seconds: float = float(os.environ.get("PROOF_REDIS_BURST_SECONDS", "20"))


def submit_lead(system: RunningSystem) -> Callable[[requests.Session, int], requests.Response]:
    """A sender posting one assessment with fresh contact details."""

    def send(session: requests.Session, _n: int) -> requests.Response:
        return session.post(system.url + "/api/leads/assessments", json=likely_eligible(), timeout=HANG_SECONDS)

    return send


def post_webhook(system: RunningSystem, run: str) -> Callable[[requests.Session, int], requests.Response]:
    """A sender posting one signed Stripe event with an id of its own."""

    def send(session: requests.Session, n: int) -> requests.Response:
        event = {
            "object": "event",
            "id": f"evt_{run}_{n}",
            "type": "customer.created",
            "created": int(time.time()),
            "data": {"object": {"id": f"cus_{run}_{n}", "object": "customer"}},
        }
        body = json.dumps(event).encode()
        headers = {"Stripe-Signature": sign(body, DEV_WEBHOOK_SECRET), "Content-Type": "application/json"}
        return session.post(system.url + "/webhooks/stripe", data=body, headers=headers, timeout=HANG_SECONDS)

    return send


def clean_503(shot: Shot) -> bool:
    """Whether an answer is a 503 in the error shape."""
    if shot.status != 503:
        return False
    try:
        body = json.loads(shot.body)
    except ValueError:
        return False
    return isinstance(body, dict) and set(body) == {"code", "status", "message", "errors"} and body["code"] == 503


def judge(outcome: Outcome, name: str, shots: list[Shot], window: tuple[float, float]) -> None:
    """Check one stream of answers against the restart window: 2xx outside it, 2xx or clean 503 inside."""
    begin, end = window

    def during(shot: Shot) -> bool:
        """Whether the request was in flight at any moment of the window (plus the grace)."""
        return shot.sent <= end + RECOVERY_GRACE and shot.sent + shot.took >= begin

    inside = [s for s in shots if during(s)]
    outside = [s for s in shots if not during(s)]
    ok = sum(1 for s in shots if 200 <= s.status < 300)
    refused = [s for s in inside if clean_503(s)]
    outcome.figure(f"{name}: requests / 2xx / clean 503 in the window", f"{len(shots)} / {ok} / {len(refused)}")
    outcome.figure(
        f"{name}: p99 latency outside / inside the window",
        f"{ms(percentile([s.took for s in outside], 0.99))} / {ms(percentile([s.took for s in inside], 0.99))}",
    )
    outcome.figure(f"{name}: slowest answer", f"{max((s.took for s in shots), default=0):.2f} s")
    bad_outside = [s for s in outside if not 200 <= s.status < 300]
    bad_inside = [s for s in inside if not (200 <= s.status < 300 or clean_503(s))]
    outcome.check(
        not bad_outside, f"{name}: {len(bad_outside)} non-2xx outside the restart window, e.g. {bad_outside[:1]}"
    )
    outcome.check(
        not bad_inside,
        f"{name}: {len(bad_inside)} answers in the window neither 2xx nor a clean 503, e.g. {bad_inside[:1]}",
    )
    hung = [s for s in shots if s.hung]
    outcome.check(not hung, f"{name}: {len(hung)} requests hung or lost their connection")


def wait_processed(db: Database, ids: set[str], timeout: float = 120) -> dict[str, str]:
    """Wait until billing's worker has finished every given event; return each id's status."""
    deadline = time.monotonic() + timeout
    while True:
        with db.transaction() as session:
            rows = dict(
                session.execute(
                    select(stripe_events.c.id, stripe_events.c.status).where(stripe_events.c.id.in_(ids))
                ).all()
            )
        if all(rows.get(i) in FINISHED for i in ids) or time.monotonic() > deadline:
            return rows
        time.sleep(1)


def restart_under_load(system: RunningSystem, pg: OwnPostgres, knobs: Knobs) -> Outcome:
    """Leads and webhooks at a steady rate; PostgreSQL restarted halfway; then count what was kept."""
    outcome = Outcome("Database restart under load")
    pids = {name: process.proc.pid for name, process in system.processes.items() if process.proc}
    run = uuid.uuid4().hex[:8]
    started = time.monotonic()
    window: list[float] = []
    results: dict[str, list[Shot]] = {}

    def restart() -> None:
        time.sleep(knobs.seconds / 2)
        window.append(time.monotonic() - started)
        pg.restart()
        window.append(time.monotonic() - started)

    def load(name: str, send: Callable[[requests.Session, int], requests.Response], rate: float) -> None:
        results[name] = shoot(send, rate, knobs.seconds, started=started)

    threads = [
        threading.Thread(target=load, args=("leads", submit_lead(system), knobs.lead_rate)),
        threading.Thread(target=load, args=("webhooks", post_webhook(system, run), knobs.webhook_rate)),
        threading.Thread(target=restart),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    begin, end = window
    outcome.figure(
        "load",
        f"{knobs.seconds:.0f} s; {knobs.lead_rate:g} assessments/s and {knobs.webhook_rate:g} Stripe events/s "
        "through Caddy",
    )
    outcome.figure("PostgreSQL restart (fast stop, start)", f"at {begin:.1f} s, down {end - begin:.2f} s")
    for name in ("leads", "webhooks"):
        judge(outcome, name, results[name], (begin, end))
    recovered = [s.sent - end for s in results["leads"] if s.sent >= end and 200 <= s.status < 300]
    outcome.figure("first 201 after PostgreSQL was back", f"{min(recovered, default=float('nan')):.2f} s")

    created = {s.location.rsplit("/", 1)[-1] for s in results["leads"] if s.status == 201}
    leads_db = Database(system.env["LEADS_DATABASE_URL"])
    with leads_db.transaction() as session:
        stored = {row[0] for row in session.execute(select(leads.c.id).where(leads.c.id.in_(created)))}
    leads_db.dispose()
    outcome.figure("201s answered / leads found in the database", f"{len(created)} / {len(stored)}")
    outcome.check(created == stored, f"{len(created - stored)} leads answered 201 are not in the database")

    accepted = {f"evt_{run}_{s.n}" for s in results["webhooks"] if 200 <= s.status < 300}
    billing_db = Database(system.env["BILLING_DATABASE_URL"])
    statuses = wait_processed(billing_db, accepted) if accepted else {}
    billing_db.dispose()
    finished = sum(1 for i in accepted if statuses.get(i) in FINISHED)
    outcome.figure("Stripe events answered 2xx / stored once and processed", f"{len(accepted)} / {finished}")
    outcome.check(finished == len(accepted), f"{len(accepted) - finished} accepted Stripe events were not processed")

    alive = {
        name: process.proc.pid
        for name, process in system.processes.items()
        if process.proc and process.proc.poll() is None
    }
    outcome.check(alive == pids, f"processes died or were replaced: {sorted(set(pids) - set(alive))}")
    health = requests.get(system.url + "/healthz", timeout=10)
    outcome.figure("processes restarted by hand / gateway health after", f"0 / {health.status_code}")
    outcome.check(health.status_code == 200, f"the gateway's /healthz answers {health.status_code} after the restart")
    outcome.seconds = time.monotonic() - started
    return outcome


def redis_outage(system: RunningSystem, own: OwnRedis, knobs: Knobs) -> Outcome:
    """A burst of form posts; Redis stopped a third of the way in and started again two thirds in."""
    outcome = Outcome("Redis outage during a burst")
    client = redis.Redis.from_url(own.url)
    started = time.monotonic()
    moments: list[float] = []
    keys: list[int] = []

    def outage() -> None:
        time.sleep(knobs.burst_seconds / 3)
        # Counted just before the stop: fixed windows expire, so only the burst's own counters are sure to be there.
        keys.append(len(list(client.scan_iter("*"))))
        moments.append(time.monotonic() - started)
        own.stop()
        time.sleep(knobs.burst_seconds / 3)
        own.start()
        moments.append(time.monotonic() - started)

    thread = threading.Thread(target=outage)
    thread.start()
    shots = shoot(submit_lead(system), knobs.lead_rate * 2, knobs.burst_seconds, started=started)
    thread.join()
    during = [s for s in shots if moments[0] <= s.sent <= moments[1]]
    failed = [s for s in shots if not 200 <= s.status < 300]
    outcome.figure(
        "burst",
        f"{len(shots)} assessments in {knobs.burst_seconds:.0f} s; "
        f"Redis down from {moments[0]:.1f} s to {moments[1]:.1f} s",
    )
    keys_before = keys[0]
    outcome.figure("limit counters in Redis just before the outage", keys_before)
    outcome.figure("requests while Redis was down / failed overall", f"{len(during)} / {len(failed)}")
    outcome.figure("p99 latency while Redis was down", ms(percentile([s.took for s in during], 0.99)))
    outcome.check(keys_before > 0, "the limits never reached Redis, so the outage proves nothing")
    outcome.check(not failed, f"{len(failed)} requests failed during the Redis outage, e.g. {failed[:1]}")
    outcome.check(bool(during), "no request was sent while Redis was down")
    client.close()
    outcome.seconds = time.monotonic() - started
    return outcome


def run() -> list[Outcome]:
    """Start the whole system on a PostgreSQL and a Redis of our own; restart one, stop the other; back up."""
    knobs = Knobs()
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="proof-system-") as tmp, own_postgres() as pg, own_redis() as own:
        os.environ["DATABASE_URL"] = pg.url
        databases = DatabaseFactory(Path(tmp))
        extra = {
            "REDIS_URL": own.url,
            "PUBLIC_WRITE_LIMIT": "100000/minute",
            "SPAM_IP_PER_HOUR": "100000",
            "SPAM_EMAIL_PER_DAY": "100000",
            "UPSTREAM_READ_TIMEOUT": "10s",
            "LOG_LEVEL": "WARNING",
        }
        with running_system(databases, Path(tmp), **extra) as system:
            outcomes.append(restart_under_load(system, pg, knobs))
            outcomes.append(redis_outage(system, own, knobs))
            urls = {
                name: system.env[f"{name.upper()}_DATABASE_URL"]
                for name in ("leads", "billing", "newsletter", "gateway")
            }
            outcomes.append(backup_and_restore(urls, databases))
        del os.environ["DATABASE_URL"]
    return outcomes
