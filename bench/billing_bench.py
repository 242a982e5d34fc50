"""Billing's webhook ingest (verify, store, 2xx) through the gateway on PostgreSQL, and the worker's rate.

`make bench` runs it; the figures go to docs/benchmarks.md between the billing markers.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.billing_events import LUA, make_members, write_events  # noqa: E402
from bench.gateway_bench import WrkResult, ensure_wrk, gunicorn, parse_wrk  # noqa: E402
from services.billing.tables import stripe_events  # noqa: E402
from services.kit.db import normalise_url  # noqa: E402
from tests.support.databases import DatabaseFactory  # noqa: E402
from tests.support.servers import ProcessServer, free_port, python_module  # noqa: E402

DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- billing:start -->", "<!-- billing:end -->"
SECRET = "whsec_bench"


def run_wrk(wrk: str, url: str, script: Path, events: Path, args: argparse.Namespace) -> WrkResult:
    """Post signed events at `url` for the run's duration."""
    out = subprocess.run(
        [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--latency", "-s", str(script),
         url, "--", str(events), str(args.threads)],
        check=True, capture_output=True, text=True,
    ).stdout
    return parse_wrk(out)


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
    workers = [ProcessServer(python_module("services.billing.worker"), env, log=tmp / f"worker{n}.log")
               for n in range(args.worker_processes)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    time.sleep(args.worker_seconds)
    done, elapsed = count(engine, "processed") - before, time.monotonic() - started
    for worker in workers:
        worker.stop()
    return done, elapsed


def report(direct: WrkResult, through: WrkResult, stored: int, processed: tuple[int, float],
           args: argparse.Namespace, load: float) -> str:
    """Write the Markdown section."""
    done, seconds = processed
    verdict = "meets" if through.rps >= 1000 else "misses"
    answered = direct.requests + through.requests - direct.errors - through.errors
    return "\n".join([
        START,
        "## Billing: Stripe webhook ingest and processing",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPUs with `make bench`"
        f" (`python bench/billing_bench.py`): `wrk -t{args.threads} -c{args.connections} -d{args.duration}s` posting"
        " signed `customer.subscription.updated` and `invoice.paid` events, each with a new id, to"
        " `POST /webhooks/stripe`. Each request checks the HMAC signature on the raw body, inserts the event by id"
        " (`ON CONFLICT DO NOTHING`) and its processing job in one PostgreSQL transaction, and answers 200."
        f" Billing runs under gunicorn ({args.workers} gthread workers × {args.service_threads} threads,"
        f" LOG_LEVEL=WARNING), the gateway under gunicorn ({args.gateway_workers} × {args.gateway_threads});"
        " wrk, the gateway, billing, the Stripe stand-in and PostgreSQL share the machine"
        f" (1-minute load average {load:.1f} before the run).",
        "",
        "| path | events/s | p50 | p99 | errors |",
        "|---|---:|---:|---:|---:|",
        f"| direct to billing | {direct.rps:,.0f} | {direct.p50_ms:.2f} ms | {direct.p99_ms:.2f} ms"
        f" | {direct.errors} |",
        f"| through the gateway | {through.rps:,.0f} | {through.p50_ms:.2f} ms | {through.p99_ms:.2f} ms"
        f" | {through.errors} |",
        "",
        f"Events answered 2xx: {answered:,}; events stored: {stored:,} (requests still in flight when wrk stopped"
        f" were stored too, unanswered in its count). Through the gateway this **{verdict}** the"
        " aim of 1,000 events/s on this machine. The gateway section above gives the proxy's own ceiling for a"
        " trivial upstream measured the same way; ingest through it cannot exceed that ceiling, and billing and"
        " the gateway scale out as stateless replicas (DESIGN §5).",
        "",
        f"Worker: {args.worker_processes} `services.billing.worker` processes processed {done:,} stored events in"
        f" {seconds:.1f} s = **{done / seconds:,.0f} events/s**. Each event costs one GET to the Stripe stand-in"
        " (a subscription) or two (an invoice, then its subscription), made under an advisory lock, plus four or"
        " five short transactions (claim; upsert, one per object; record; complete). Workers share the queue with"
        " `FOR UPDATE SKIP LOCKED`, so the rate grows with worker processes until Stripe's own rate limit"
        " (100 requests/s live) is the bound.",
        END,
    ])


def write_section(section: str, doc: Path = DOC) -> None:
    """Replace the billing section of the benchmarks document, keeping every other section."""
    text = doc.read_text() if doc.exists() else "# Benchmarks\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    doc.write_text(text)


def main(argv: list[str] | None = None) -> None:
    """Start the stand-in, billing and the gateway; measure ingest both ways, then the worker."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--service-threads", type=int, default=8)
    parser.add_argument("--gateway-workers", type=int, default=2)
    parser.add_argument("--gateway-threads", type=int, default=16)
    parser.add_argument("--events", type=int, default=40000, help="distinct signed events per run")
    parser.add_argument("--worker-processes", type=int, default=2)
    parser.add_argument("--worker-seconds", type=float, default=20.0)
    parser.add_argument("--no-write", action="store_true", help="print the figures without touching the docs")
    args = parser.parse_args(argv)
    wrk = ensure_wrk()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        databases = DatabaseFactory(tmp)
        if databases.pg is None:
            sys.exit("the billing benchmark needs PostgreSQL (DATABASE_URL)")
        try:
            url = databases.create("billing")
            ports = {name: free_port() for name in ("stripe", "billing", "gateway")}
            stripe_url, billing_url = (f"http://127.0.0.1:{ports[n]}" for n in ("stripe", "billing"))
            gateway_url = f"http://127.0.0.1:{ports['gateway']}"
            env = {"APP_ENV": "development", "LOG_LEVEL": "WARNING", "BILLING_DATABASE_URL": url,
                   "STRIPE_API_BASE": stripe_url, "STRIPE_STANDIN_PUBLIC_URL": stripe_url,
                   "STRIPE_WEBHOOK_SECRETS": SECRET, "BILLING_URL": billing_url,
                   "LEADS_URL": gateway_url, "NEWSLETTER_URL": gateway_url, "RECONCILE_EVERY_SECONDS": "1000000000",
                   "GATEWAY_DATABASE_URL": f"sqlite:///{tmp}/gateway.db", "WORKER_POLL_SECONDS": "0.05"}
            script = tmp / "events.lua"
            script.write_text(LUA)
            with ProcessServer(python_module("standins.stripe", "--port", str(ports["stripe"])), env,
                               ready_url=stripe_url + "/healthz", log=tmp / "stripe.log"), \
                 ProcessServer(gunicorn("services.billing.app:create_app()", ports["billing"], args.workers,
                                        args.service_threads), env, ready_url=billing_url + "/metrics",
                               log=tmp / "billing.log"), \
                 ProcessServer(gunicorn("gateway.app:create_app()", ports["gateway"], args.gateway_workers,
                                        args.gateway_threads), env, ready_url=gateway_url + "/assets/site.css",
                               log=tmp / "gateway.log"):
                members = make_members(stripe_url, 20)
                results = {}
                for side, base in (("direct", billing_url), ("through", gateway_url)):
                    events = tmp / f"{side}.tsv"
                    write_events(events, f"bench{side}", args.events, members, SECRET)
                    results[side] = run_wrk(wrk, base + "/webhooks/stripe", script, events, args)
                engine = create_engine(normalise_url(url))
                stored = count(engine)
                processed = measure_worker(env, engine, args, tmp)
                engine.dispose()
        finally:
            databases.drop_all()
    section = report(results["direct"], results["through"], stored, processed, args, load)
    print(section)
    if not args.no_write:
        write_section(section)
        print(f"written to {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
