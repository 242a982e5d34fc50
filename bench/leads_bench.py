"""POST /api/leads/assessments through the gateway on PostgreSQL, with a bare Flask app as the ceiling (`make bench`).

Both targets run under the same gunicorn settings behind the same gateway settings, measured in the same run;
figures go to docs/benchmarks.md between the leads markers.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from flask import Flask, Response, request
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.gateway_bench import WrkResult, ensure_wrk, gunicorn, parse_wrk  # noqa: E402
from services.kit.migrate import upgrade  # noqa: E402
from tests.leads import payloads  # noqa: E402
from tests.support.servers import ProcessServer, free_port  # noqa: E402

PATH = "/api/leads/assessments"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- leads:start -->", "<!-- leads:end -->"
DEFAULT_PG = "postgresql://root@127.0.0.1:5432/test"
LUA = """
local template = [==[%s]==]
local counter = 0
local id = 0
local next_id = 0
function setup(thread) next_id = next_id + 1; thread:set("id", next_id) end
function request()
  counter = counter + 1
  local email = "bench-" .. id .. "-" .. counter .. "-" .. math.random(1e9) .. "@example.com"
  local body = string.gsub(template, "BENCH_EMAIL", email)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
"""


def hello_app() -> Flask:
    """The ceiling: read the body, answer 201 with a small JSON, touch nothing else."""
    app = Flask("bench_hello")

    @app.get("/healthz")
    def healthz() -> Response:
        """Say the app is up."""
        return Response('{"status": "up"}', mimetype="application/json")

    @app.post(PATH)
    def hello() -> Response:
        """Answer like a created resource without doing any work."""
        request.get_data()
        return Response('{"id": "hello"}', status=201, mimetype="application/json")

    return app


def bench_body() -> str:
    """A likely-eligible assessment whose email wrk replaces per request (no phone, so no dedupe)."""
    body = payloads.likely_eligible()
    body["contact"]["email"] = "BENCH_EMAIL"
    body["contact"]["phone"] = None
    return json.dumps(body)


def create_database(base: str) -> tuple[str, str]:
    """Create and migrate a scratch leads database; return its URL and name."""
    name = f"leads_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    upgrade("leads", url)
    return url, name


def drop_database(base: str, name: str) -> None:
    """Drop the scratch database."""
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_wrk(wrk: str, url: str, script: Path, args: argparse.Namespace, duration: int) -> WrkResult:
    """POST with wrk's Lua script and read its figures."""
    import subprocess

    out = subprocess.run(
        [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s", "--latency", "-s", str(script), url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return parse_wrk(out)


def behind_gateway(
    wrk: str, target: str, env: dict[str, str], script: Path, args: argparse.Namespace, tmp: Path, label: str
) -> WrkResult:
    """Serve `target` under gunicorn behind the gateway, warm up, then measure."""
    svc_port, gw_port = free_port(), free_port()
    upstream = f"http://127.0.0.1:{svc_port}"
    gw_env = {
        "APP_ENV": "development",
        "LOG_LEVEL": args.log_level,
        "LEADS_URL": upstream,
        "BILLING_URL": upstream,
        "NEWSLETTER_URL": upstream,
        "GATEWAY_DATABASE_URL": f"sqlite:///{tmp}/gw-{label}.db",
        "PUBLIC_WRITE_LIMIT": "100000000/minute",
        "UPSTREAM_POOL_SIZE": str(args.gateway_threads),
    }
    svc = ProcessServer(
        gunicorn(target, svc_port, args.workers, args.service_threads),
        env,
        ready_url=upstream + "/healthz",
        log=tmp / f"{label}.log",
    )
    gw = ProcessServer(
        gunicorn("gateway.app:create_app()", gw_port, args.gateway_workers, args.gateway_threads),
        gw_env,
        ready_url=f"http://127.0.0.1:{gw_port}/healthz",
        log=tmp / f"gw-{label}.log",
    )
    with svc, gw:
        url = f"http://127.0.0.1:{gw_port}{PATH}"
        run_wrk(wrk, url, script, args, 3)
        return run_wrk(wrk, url, script, args, args.duration)


def report(ceiling: WrkResult, leads: WrkResult, args: argparse.Namespace) -> str:
    """The Markdown section for docs/benchmarks.md."""
    ratio = leads.rps / ceiling.rps if ceiling.rps else 0.0
    meets = leads.rps >= 500 and leads.p99_ms <= 100 and leads.errors == 0
    return "\n".join(
        [
            START,
            "## Leads: POST /api/leads/assessments",
            "",
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPUs with `make bench`"
            " (`python bench/leads_bench.py`):"
            f" `wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency`"
            " with a Lua script posting a likely-eligible assessment with a new email each time, through the gateway"
            f" (gunicorn {args.gateway_workers} gthread workers × {args.gateway_threads} threads) to the service under"
            f" gunicorn ({args.workers} gthread workers × {args.service_threads} threads,"
            f" LOG_LEVEL={args.log_level}) on"
            " PostgreSQL. Each request validates, scores, encrypts (AES-GCM), dedupes by blind index, checks spam"
            " counters, and commits the lead, submission, five consent records and its outbox events in one"
            " transaction. The ceiling is a bare Flask app answering 201 under the same gunicorn and gateway settings,"
            " measured in the same run. wrk, the gateway, the service and PostgreSQL share the machine.",
            "",
            "| target | requests/s | p50 | p99 | errors |",
            "|---|---:|---:|---:|---:|",
            f"| bare Flask (ceiling) | {ceiling.rps:,.0f} | {ceiling.p50_ms:.2f} ms | {ceiling.p99_ms:.2f} ms"
            f" | {ceiling.errors} |",
            f"| POST /api/leads/assessments | {leads.rps:,.0f} | {leads.p50_ms:.2f} ms | {leads.p99_ms:.2f} ms"
            f" | {leads.errors} |",
            "",
            f"The assessment endpoint reaches **{ratio:.2f}×** the ceiling. Aim: ≥ 500 requests/s, p99 ≤ 100 ms, no"
            f" errors — this run **{'meets' if meets else 'misses'}** it.",
            END,
        ]
    )


def write_section(section: str, doc: Path = DOC) -> None:
    """Replace the leads section of the benchmarks document, keeping every other section."""
    doc.parent.mkdir(parents=True, exist_ok=True)
    text = doc.read_text() if doc.exists() else "# Benchmarks\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    doc.write_text(text)


def main(argv: list[str] | None = None) -> None:
    """Measure the ceiling and the endpoint, print and record the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--service-threads", type=int, default=8)
    parser.add_argument("--gateway-workers", type=int, default=2)
    parser.add_argument("--gateway-threads", type=int, default=16)
    parser.add_argument("--log-level", default="WARNING")
    parser.add_argument("--no-write", action="store_true", help="print the figures without touching the docs")
    args = parser.parse_args(argv)
    wrk = ensure_wrk()
    base = (os.environ.get("DATABASE_URL") or DEFAULT_PG).replace("postgresql+psycopg://", "postgresql://")
    url, name = create_database(base)
    try:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            script = tmp / "post.lua"
            script.write_text(LUA % bench_body())
            ceiling = behind_gateway(wrk, "bench.leads_bench:hello_app()", {}, script, args, tmp, "hello")
            leads_env = {
                "APP_ENV": "development",
                "LEADS_DATABASE_URL": url,
                "LOG_LEVEL": args.log_level,
                "SPAM_IP_PER_HOUR": "1000000000",
                "SPAM_EMAIL_PER_DAY": "1000000000",
            }
            leads = behind_gateway(wrk, "services.leads.app:create_app()", leads_env, script, args, tmp, "leads")
    finally:
        drop_database(base, name)
    section = report(ceiling, leads, args)
    print(section)
    if not args.no_write:
        write_section(section)
        print(f"written to {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
