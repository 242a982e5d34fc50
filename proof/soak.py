"""Proof 8: a mixed workload at half the measured capacity for minutes: no errors, steady latency and memory."""

from __future__ import annotations

import json
import os
import random
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests

from proof.outcome import Outcome
from proof.own_servers import own_postgres, own_redis
from proof.process_memory import resident_kib
from proof.staff_token import staff_headers
from proof.steady_load import ms, percentile, shoot
from services.billing.webhooks.signature import sign
from tests.leads.payloads import likely_eligible
from tests.leads.wizard import HIDDEN, STEP, answers
from tests.support.databases import DatabaseFactory
from tests.support.system import RunningSystem, running_system

SOAK_SECONDS = float(os.environ.get("PROOF_SOAK_SECONDS", "300"))
CAPACITY_SECONDS = float(os.environ.get("PROOF_CAPACITY_SECONDS", "20"))
CAPACITY_CLIENTS = 8
MEMORY_EVERY = 5.0
# The provider stand-ins keep every mail and call they accept in memory for the tests to read, so they grow
# with the work by design; they stand in for Stripe and SendGrid and never run in production. Their memory is
# reported, and the promise is judged on the clinic's own processes.
RECORDING_STANDINS = frozenset({"sendgrid", "stripe"})
# The memory after the first minute is the baseline (or after a fifth of a shorter run).
BASELINE_AT = min(60.0, SOAK_SECONDS / 5)
MEMORY_SLACK = 0.10
DEV_WEBHOOK_SECRET = "whsec_dev_standin"  # noqa: S105 - the development secret of billing and the stand-in
GOOD = (200, 201, 202, 303)


@dataclass(frozen=True)
class Answer:
    """What one visit came to, shaped like a response for the load client."""

    status_code: int
    text: str = ""
    headers: dict[str, str] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "headers", self.headers or {})


def visits(system: RunningSystem) -> list[tuple[int, Callable[[requests.Session], Answer]]]:
    """The workload: each kind of visit with its weight."""
    base = system.url
    clinician = staff_headers("clinician")

    def landing(s: requests.Session) -> Answer:
        a = s.get(base + "/", timeout=15)
        return Answer(a.status_code, a.text[:200])

    def wizard(s: requests.Session) -> Answer:
        page = s.get(base + "/assessment?utm_source=proof", timeout=15)
        html = page.text
        unique = uuid.uuid4().hex[:10]
        data = dict(
            {k: v for k, v in HIDDEN.findall(html) if k not in ("step", "csrf_token")},
            **answers(email=f"soak-{unique}@example.com", phone=f"(305) 555-{random.randint(1000, 9999)}"),
        )
        for _ in range(12):
            found = STEP.search(html)
            if not found:
                return Answer(page.status_code or 599, "no step on the wizard page: " + html[:200])
            step = found.group(1)
            action = "submit" if step == "review" else "next"
            page = s.post(
                base + "/assessment", data=dict(data, step=step, action=action), timeout=15, allow_redirects=False
            )
            if page.status_code != 200:
                return Answer(page.status_code, page.text[:200])
            html = page.text
            data.update((k, v) for k, v in HIDDEN.findall(html) if k == "safety_ref")
        return Answer(599, "the wizard did not finish")

    def api_signup(s: requests.Session) -> Answer:
        a = s.post(base + "/api/leads/assessments", json=likely_eligible(), timeout=15)
        return Answer(a.status_code, a.text[:200])

    def newsletter(s: requests.Session) -> Answer:
        email = f"soak-{uuid.uuid4().hex[:10]}@example.com"
        a = s.post(base + "/api/newsletter/subscriptions", json={"email": email}, timeout=15)
        return Answer(a.status_code, a.text[:200])

    def staff_read(s: requests.Session) -> Answer:
        a = s.get(base + "/api/leads/staff/queue", headers=clinician, timeout=15)
        return Answer(a.status_code, a.text[:200])

    def webhook(s: requests.Session) -> Answer:
        n = uuid.uuid4().hex
        event = {
            "object": "event",
            "id": f"evt_soak_{n}",
            "type": "customer.created",
            "created": int(time.time()),
            "data": {"object": {"id": f"cus_{n}", "object": "customer"}},
        }
        body = json.dumps(event).encode()
        headers = {"Stripe-Signature": sign(body, DEV_WEBHOOK_SECRET), "Content-Type": "application/json"}
        a = s.post(base + "/webhooks/stripe", data=body, headers=headers, timeout=15)
        return Answer(a.status_code, a.text[:200])

    return [(6, landing), (1, wizard), (2, api_signup), (2, newsletter), (3, staff_read), (3, webhook)]


def pick(mix: list[tuple[int, Callable[[requests.Session], Answer]]], n: int) -> Callable[[requests.Session], Answer]:
    """The visit for request `n`: a fixed, weighted, shuffled order so every run does the same mix."""
    order = [visit for weight, visit in mix for _ in range(weight)]
    random.Random(n // len(order)).shuffle(order)
    return order[n % len(order)]


def capacity(mix: list[tuple[int, Callable[[requests.Session], Answer]]]) -> tuple[float, int]:
    """Visits per second that closed-loop clients reach, and how many of those visits failed."""
    stop = time.monotonic() + CAPACITY_SECONDS
    counts = [0, 0]
    lock = threading.Lock()

    def client(seed: int) -> None:
        session, n = requests.Session(), seed * 100000
        while time.monotonic() < stop:
            answer = pick(mix, n)(session)
            n += 1
            with lock:
                counts[0] += 1
                counts[1] += answer.status_code not in GOOD

    started = time.monotonic()
    with ThreadPoolExecutor(CAPACITY_CLIENTS) as pool:
        list(pool.map(client, range(CAPACITY_CLIENTS)))
    return counts[0] / (time.monotonic() - started), counts[1]


def soak(system: RunningSystem) -> Outcome:
    """Measure capacity, then run the mix at half of it while sampling every process's memory."""
    outcome = Outcome("Soak at half capacity")
    mix = visits(system)
    measured, capacity_errors = capacity(mix)
    rate = measured / 2
    samples: dict[str, list[tuple[float, int]]] = {name: [] for name in system.processes}
    started = time.monotonic()
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            at = time.monotonic() - started
            for name, process in system.processes.items():
                if process.proc:
                    samples[name].append((at, resident_kib(process.proc.pid)))
            done.wait(MEMORY_EVERY)

    sampler = threading.Thread(target=sample)
    sampler.start()
    shots = shoot(lambda session, n: pick(mix, n)(session), rate, SOAK_SECONDS, started=started, workers=32)  # type: ignore[arg-type, return-value]
    done.set()
    sampler.join()
    errors = [s for s in shots if s.status not in GOOD]
    took = [s.took for s in shots]
    outcome.figure(
        "capacity (8 closed-loop clients, mixed visits)", f"{measured:.1f} visits/s ({capacity_errors} errors)"
    )
    outcome.figure("soak", f"{SOAK_SECONDS:.0f} s at {rate:.1f} visits/s: {len(shots)} visits")
    outcome.figure(
        "mix (weights)",
        "landing 6, wizard walk 1, API assessment 2, newsletter sign-up 2, staff queue 3, Stripe webhook 3",
    )
    outcome.figure("errors", len(errors))
    outcome.figure(
        "latency p50 / p99 / max",
        f"{ms(percentile(took, 0.5))} / {ms(percentile(took, 0.99))} / {ms(max(took, default=0))}",
    )
    outcome.check(not errors, f"{len(errors)} visits failed, e.g. {errors[:1]}")
    outcome.check(capacity_errors == 0, f"{capacity_errors} visits failed while measuring capacity")
    for name, points in samples.items():
        base = next((kib for at, kib in points if at >= BASELINE_AT), 0)
        last = points[-1][1] if points else 0
        if not base:
            continue
        growth = (last - base) / base
        outcome.figure(
            f"memory of {name}: after {BASELINE_AT:.0f} s / at the end",
            f"{base / 1024:.0f} MiB / {last / 1024:.0f} MiB ({growth:+.1%})",
        )
        if name in RECORDING_STANDINS:
            continue
        outcome.check(abs(growth) <= MEMORY_SLACK, f"{name}'s memory moved {growth:+.1%} after the first minute")
    outcome.seconds = time.monotonic() - started + CAPACITY_SECONDS
    return outcome


def run() -> list[Outcome]:
    """The soak on a system of its own (PostgreSQL and Redis of the proof's own)."""
    with tempfile.TemporaryDirectory(prefix="proof-soak-") as tmp, own_postgres() as pg, own_redis() as own:
        os.environ["DATABASE_URL"] = pg.url
        try:
            extra = {
                "REDIS_URL": own.url,
                "PUBLIC_WRITE_LIMIT": "1000000/minute",
                "SPAM_IP_PER_HOUR": "1000000",
                "SPAM_EMAIL_PER_DAY": "1000000",
                "SPAM_MIN_SECONDS": "0",
                "LOG_LEVEL": "WARNING",
            }
            with running_system(DatabaseFactory(Path(tmp)), Path(tmp), **extra) as system:
                return [soak(system)]
        finally:
            del os.environ["DATABASE_URL"]
