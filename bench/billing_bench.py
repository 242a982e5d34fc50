"""Billing's webhook ingest (verify, store, 2xx) through the gateway on PostgreSQL, and the worker's rate.

`make bench` runs it; the figures go to docs/benchmarks.md between the billing markers.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.billing_events import LUA, make_members, write_events  # noqa: E402
from bench.caddy_front import caddy_front  # noqa: E402
from bench.docs_section import publish  # noqa: E402
from bench.gunicorn_servers import add_server_options, gunicorn, local_url  # noqa: E402
from bench.process_cpu import load_average  # noqa: E402
from bench.scratch_database import scratch_database  # noqa: E402
from bench.wrk import WrkLoad, WrkResult, add_load_options, ensure_wrk, run_wrk  # noqa: E402
from services.billing.tables import stripe_events  # noqa: E402
from services.kit.db import normalise_url  # noqa: E402
from tests.support.servers import ProcessServer, free_port, python_module  # noqa: E402

SECRET = "whsec_bench"

# The aim for signed ingest through the gateway on this 2-core machine.
AIM_EVENTS_PER_SECOND = 1_500


def post_events(wrk: str, url: str, script: Path, events: Path, args: argparse.Namespace) -> WrkResult:
    """Post signed events at `url` for the run's duration."""
    return run_wrk(wrk, url, WrkLoad.from_args(args), script, (str(events), str(args.threads)))


def count(engine, status: str | None = None) -> int:  # type: ignore[no-untyped-def]
    """Count stored events, optionally of one status."""
    query = select(func.count()).select_from(stripe_events)
    if status:
        query = query.where(stripe_events.c.status == status)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar() or 0)


def measure_worker(env: dict[str, str], engine, args: argparse.Namespace, tmp: Path) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    """Run the worker processes for a while; return events processed and seconds."""
    before = count(engine, "processed")
    workers = [
        ProcessServer(python_module("services.billing.worker"), env, log=tmp / f"worker{n}.log")
        for n in range(args.worker_processes)
    ]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    time.sleep(args.worker_seconds)
    done, elapsed = count(engine, "processed") - before, time.monotonic() - started
    for worker in workers:
        worker.stop()
    return done, elapsed


def report(
    direct: WrkResult,
    through: WrkResult,
    stored: int,
    processed: tuple[int, float],
    args: argparse.Namespace,
    load: float,
) -> str:
    """Write the Markdown body of the billing section."""
    done, seconds = processed
    verdict = "meets" if through.rps >= AIM_EVENTS_PER_SECOND else "misses"
    answered = direct.requests + through.requests - direct.errors - through.errors
    return "\n".join(
        [
            "## Billing: Stripe webhook ingest and processing",
            "",
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPUs with `make bench`"
            f" (`python bench/billing_bench.py`):"
            f" `wrk -t{args.threads} -c{args.connections} -d{args.duration}s` posting"
            " signed `customer.subscription.updated` and `invoice.paid` events, each with a new id, to"
            " `POST /webhooks/stripe`. Each request checks the HMAC signature on the raw body, inserts the event by id"
            " (`ON CONFLICT DO NOTHING`) and its processing job in one PostgreSQL transaction, and answers 200."
            f" Billing runs under gunicorn ({args.workers} gthread workers × {args.service_threads} threads,"
            " LOG_LEVEL=WARNING) behind Caddy (gateway/Caddyfile);"
            " wrk, the gateway, billing, the Stripe stand-in and PostgreSQL share the machine"
            f" (1-minute load average {load:.1f} before the run).",
            "",
            "| path | events/s | p50 | p99 | errors |",
            "|---|---:|---:|---:|---:|",
            direct.table_row("direct to billing"),
            through.table_row("through the gateway"),
            "",
            f"Events answered 2xx: {answered:,}; events stored: {stored:,} (requests still in flight when wrk stopped"
            f" were stored too, unanswered in its count). Through the gateway this **{verdict}** the"
            f" aim of {AIM_EVENTS_PER_SECOND:,} events/s on this machine."
            " The gateway section above gives the proxy's own ceiling for a"
            " trivial upstream measured the same way; ingest through it cannot exceed that ceiling, and billing and"
            " the gateway scale out as stateless replicas (DESIGN §5).",
            "",
            f"Worker: {args.worker_processes} `services.billing.worker` processes processed {done:,} stored events in"
            f" {seconds:.1f} s = **{done / seconds:,.0f} events/s**. Each event costs one GET to the Stripe stand-in"
            " (a subscription) or two (an invoice, then its subscription), made under an advisory lock, plus four or"
            " five short transactions (claim; upsert, one per object; record; complete). Workers share the queue with"
            " `FOR UPDATE SKIP LOCKED`, so the rate grows with worker processes until Stripe's own rate limit"
            " (100 requests/s live) is the bound.",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    """Start the stand-in, billing and the gateway; measure ingest both ways, then the worker."""
    parser = argparse.ArgumentParser(description=__doc__)
    add_load_options(parser)
    add_server_options(parser)
    parser.add_argument("--events", type=int, default=40000, help="distinct signed events per run")
    parser.add_argument("--worker-processes", type=int, default=2)
    parser.add_argument("--worker-seconds", type=float, default=20.0)
    parser.add_argument("--no-write", action="store_true", help="print the figures without touching the docs")
    args = parser.parse_args(argv)
    wrk = ensure_wrk()
    load = load_average()
    with tempfile.TemporaryDirectory() as tmp_name, scratch_database("billing", "billing_bench") as database:
        tmp, url = Path(tmp_name), database.url
        ports = {name: free_port() for name in ("stripe", "billing", "gateway")}
        stripe_url, billing_url, gateway_url = (local_url(ports[n]) for n in ("stripe", "billing", "gateway"))
        env = {
            "APP_ENV": "development",
            "LOG_LEVEL": "WARNING",
            "BILLING_DATABASE_URL": url,
            "STRIPE_API_BASE": stripe_url,
            "STRIPE_STANDIN_PUBLIC_URL": stripe_url,
            "STRIPE_WEBHOOK_SECRETS": SECRET,
            "BILLING_URL": billing_url,
            "LEADS_URL": gateway_url,
            "NEWSLETTER_URL": gateway_url,
            "RECONCILE_EVERY_SECONDS": "1000000000",
            "GATEWAY_DATABASE_URL": f"sqlite:///{tmp}/gateway.db",
            "WORKER_POLL_SECONDS": "0.05",
        }
        script = tmp / "events.lua"
        script.write_text(LUA)
        with (
            ProcessServer(
                python_module("standins.stripe", "--port", str(ports["stripe"])),
                env,
                ready_url=stripe_url + "/healthz",
                log=tmp / "stripe.log",
            ),
            ProcessServer(
                gunicorn("services.billing.app:create_app()", ports["billing"], args.workers, args.service_threads),
                env,
                ready_url=billing_url + "/metrics",
                log=tmp / "billing.log",
            ),
            caddy_front(billing_url, ports["gateway"], tmp / "caddy"),
        ):
            members = make_members(stripe_url, 20)
            results = {}
            for side, base in (("direct", billing_url), ("through", gateway_url)):
                events = tmp / f"{side}.tsv"
                write_events(events, f"bench{side}", args.events, members, SECRET)
                results[side] = post_events(wrk, base + "/webhooks/stripe", script, events, args)
            engine = create_engine(normalise_url(url))
            stored = count(engine)
            processed = measure_worker(env, engine, args, tmp)
            engine.dispose()
    body = report(results["direct"], results["through"], stored, processed, args, load)
    publish("billing", body, write=not args.no_write)


if __name__ == "__main__":
    main()
