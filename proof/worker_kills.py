"""Proof 2: workers SIGKILLed at random moments lose nothing: a campaign send, and a storm of Stripe events."""

from __future__ import annotations

import json
import os
import random
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import func, select

from proof.outcome import Outcome
from proof.own_servers import own_postgres
from proof.staff_token import staff_headers
from proof.steady_load import Shot, shoot
from services.billing.mirror.records import invoice_values, subscription_values
from services.billing.payments import stripe_shapes
from services.billing.tables import invoices, stripe_events, subscriptions
from services.billing.webhooks.signature import sign
from services.kit.dev_keys import DEV_STAFF_PUBLIC_KEY_PEM
from standins.stripe.shapes_invoice import subscription_of
from tests.billing.harness import WEBHOOK_SECRET, BillingHarness, running_billing
from tests.conftest import EVENTS_KEY
from tests.newsletter.worker_kills import kill_workers_during_campaign
from tests.support.databases import DatabaseFactory
from tests.support.servers import ProcessServer, python_module

HANDLED_PREFIXES = ("checkout.session.", "customer.subscription.", "invoice.")
RECIPIENTS = int(os.environ.get("PROOF_RECIPIENTS", "20000"))
CAMPAIGN_KILLS = int(os.environ.get("PROOF_CAMPAIGN_KILLS", "20"))
# Slow enough that 20 kills land while recipients are still being sent to.
CAMPAIGN_RATE = os.environ.get("PROOF_CAMPAIGN_RATE", "400")
BILLING_KILLS = int(os.environ.get("PROOF_BILLING_KILLS", "10"))
BILLING_EVENTS = int(os.environ.get("PROOF_BILLING_EVENTS", "2000"))
BILLING_MEMBERS = int(os.environ.get("PROOF_BILLING_MEMBERS", "60"))


def env_builder(databases: DatabaseFactory) -> Callable[..., dict[str, str]]:
    """Build one service's environment with a fresh database, as the tests' service_env fixture does."""

    def build(service: str, **extra: str) -> dict[str, str]:
        return {
            "APP_ENV": "development",
            f"{service.upper()}_DATABASE_URL": databases.create(service),
            "EVENTS_SIGNING_KEY": EVENTS_KEY,
            "STAFF_TOKEN_PUBLIC_KEY": DEV_STAFF_PUBLIC_KEY_PEM,
            "LOG_LEVEL": "WARNING",
            "PUBLIC_WRITE_LIMIT": "100000/minute",
            **extra,
        }

    return build


@contextmanager
def proof_databases() -> Iterator[DatabaseFactory]:
    """Databases on a PostgreSQL cluster of the proof's own."""
    with tempfile.TemporaryDirectory(prefix="proof-kills-") as tmp, own_postgres() as pg:
        os.environ["DATABASE_URL"] = pg.url
        try:
            yield DatabaseFactory(Path(tmp))
        finally:
            del os.environ["DATABASE_URL"]


def campaign_kills(databases: DatabaseFactory) -> Outcome:
    """SIGKILL newsletter workers during a large campaign; count who was missed and whether duplicates show."""
    outcome = Outcome("Newsletter workers killed during a campaign")
    env = env_builder(databases)("newsletter", SEND_RATE_PER_SECOND=CAMPAIGN_RATE, SENDGRID_TIMEOUT_SECONDS="3")
    with tempfile.TemporaryDirectory() as tmp:
        report = kill_workers_during_campaign(
            env, staff_headers("marketer"), Path(tmp) / "worker.log", recipients=RECIPIENTS, kills=CAMPAIGN_KILLS
        )
    outcome.figure("recipients / SIGKILLs of the worker", f"{report.recipients} / {report.kills}")
    outcome.figure("recipients missing", report.missing)
    outcome.figure("reached twice / flagged possibly duplicated", f"{report.duplicates} / {report.flagged}")
    outcome.figure("duplicates not flagged", report.unreported)
    outcome.check(report.kills == CAMPAIGN_KILLS, f"the send finished after {report.kills} of {CAMPAIGN_KILLS} kills")
    outcome.check(report.missing == 0, f"{report.missing} recipients never got the campaign")
    outcome.check(report.unreported == 0, f"{report.unreported} duplicates were not flagged")
    outcome.check(report.final["sent"] == RECIPIENTS, f"the campaign reports {report.final['sent']} sent")
    outcome.seconds = report.seconds
    return outcome


def make_history(billing: BillingHarness, members: int, rng: random.Random) -> list[dict[str, Any]]:
    """Members subscribe, some cards fail, months pass: return this run's Stripe events, oldest first."""
    customers = set()
    for n in range(members):
        card = "4242424242424242" if n % 5 else "4000002500003155"
        lead_id = billing.clear_lead(state=rng.choice(["FL", "NJ"]))
        session = billing.checkout(lead_id).json()
        customers.add(billing.standin.store.get("checkout.session", session["id"])["customer"])
        billing.pay(session["url"], card)
        if n % 4 == 0:
            billing.http.post(
                f"{billing.stripe_url}/dev/stripe/customers/{next(iter(customers))}/card",
                json={"card": "4000000000000341"},
                timeout=10,
            )
    for days in (31, 4, 31):
        billing.http.post(billing.stripe_url + "/dev/stripe/clock/advance", json={"days": days}, timeout=60)
    with billing.standin.store.lock:
        every = list(reversed(billing.standin.store.all("event")))
    return [
        e for e in every if e["type"].startswith(HANDLED_PREFIXES) and e["data"]["object"].get("customer") in customers
    ]


def mirror_differences(billing: BillingHarness, history: list[dict[str, Any]]) -> int:
    """Count this run's subscriptions and invoices whose mirror row is missing or differs from the stand-in."""
    store = billing.standin.store
    subs = {e["data"]["object"]["id"] for e in history if e["type"].startswith("customer.subscription.")}
    differ = 0
    with billing.parts.container.db.transaction() as session:
        rows = {row["id"]: row for row in session.execute(select(subscriptions)).mappings()}
        mirrored = {row["id"]: row for row in session.execute(select(invoices)).mappings()}
    for sub_id in subs:
        row = rows.get(sub_id)
        if row is None:
            differ += 1
            continue
        wanted = subscription_values(stripe_shapes.subscription(store.get("subscription", sub_id)), row["lead_id"])
        differ += {k: row[k] for k in wanted} != wanted
        for inv in store.all("invoice"):
            if subscription_of(inv) == sub_id:
                wanted_inv = invoice_values(stripe_shapes.invoice(inv))
                found = mirrored.get(inv["id"])
                differ += found is None or {k: found[k] for k in wanted_inv} != wanted_inv
    return differ


def pending_events(billing: BillingHarness) -> dict[str, int]:
    """Stored Stripe events by status."""
    with billing.parts.container.db.transaction() as session:
        return dict(
            session.execute(select(stripe_events.c.status, func.count()).group_by(stripe_events.c.status)).all()
        )  # type: ignore[arg-type]


def billing_kills(databases: DatabaseFactory) -> Outcome:
    """Deliver shuffled, duplicated Stripe events while billing workers are SIGKILLed; the mirror must converge."""
    outcome = Outcome("Billing workers killed during a Stripe event storm")
    rng = random.Random()
    started = time.monotonic()
    with running_billing(env_builder(databases), webhooks=False) as billing, tempfile.TemporaryDirectory() as tmp:
        history = make_history(billing, BILLING_MEMBERS, rng)
        unique = history[: int(BILLING_EVENTS * 0.7)]
        deliveries = unique + rng.choices(unique, k=BILLING_EVENTS - len(unique))
        rng.shuffle(deliveries)
        bodies = [json.dumps(event).encode() for event in deliveries]

        def send(session: requests.Session, n: int) -> requests.Response:
            body = bodies[n]
            headers = {"Stripe-Signature": sign(body, WEBHOOK_SECRET), "Content-Type": "application/json"}
            return session.post(billing.url + "/webhooks/stripe", data=body, headers=headers, timeout=15)

        spread = BILLING_KILLS * 2.5
        shots: list[Shot] = []
        sender = threading.Thread(
            target=lambda: shots.extend(shoot(send, len(bodies) / spread, spread, started=time.monotonic(), workers=8))
        )
        sender.start()
        log = Path(tmp) / "billing-worker.log"
        for _ in range(BILLING_KILLS):
            worker = ProcessServer(python_module("services.billing.worker"), billing.env, log=log).start()
            time.sleep(rng.uniform(0.8, 2.5))
            worker.kill()
        sender.join()
        with ProcessServer(python_module("services.billing.worker"), billing.env, log=log):
            deadline = time.monotonic() + 180
            while pending_events(billing).get("pending") and time.monotonic() < deadline:
                time.sleep(1)
            time.sleep(2)
        statuses = pending_events(billing)
        differ = mirror_differences(billing, history)
        with billing.parts.container.db.transaction() as session:
            mirrored = session.execute(select(func.count()).select_from(subscriptions)).scalar_one()
    accepted = sum(1 for shot in shots if shot.status == 200)
    outcome.figure(
        "members / distinct events / deliveries (with repeats)", f"{BILLING_MEMBERS} / {len(unique)} / {len(bodies)}"
    )
    outcome.figure("deliveries answered 200", accepted)
    outcome.figure("SIGKILLs of the billing worker", BILLING_KILLS)
    outcome.figure("stored events by status", ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    outcome.figure("subscriptions mirrored / rows differing from the stand-in", f"{mirrored} / {differ}")
    outcome.check(accepted == len(bodies), f"{len(bodies) - accepted} deliveries were not answered 200")
    outcome.check(not statuses.get("pending") and not statuses.get("failed"), f"events left unfinished: {statuses}")
    outcome.check(differ == 0, f"{differ} mirror rows differ from the stand-in's state")
    outcome.check(mirrored > 0, "no subscription was mirrored, so the convergence proves nothing")
    outcome.seconds = time.monotonic() - started
    return outcome


def run() -> list[Outcome]:
    """Both kill proofs, on a PostgreSQL of the proof's own."""
    with proof_databases() as databases:
        return [campaign_kills(databases), billing_kills(databases)]
