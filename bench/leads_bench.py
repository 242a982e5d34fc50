"""POST /api/leads/assessments through the gateway on PostgreSQL, with a bare Flask app as the ceiling (`make bench`).

Both targets run under the same gunicorn settings behind the same gateway settings, measured in the same run;
figures go to docs/benchmarks.md between the leads markers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class InProcess:
    """The service's own cost per request, measured without HTTP servers, so a busy machine hardly moves it."""

    cpu_ms: float
    statements: float
    commits: float


def in_process_cost(env: dict[str, str], requests: int = 300) -> InProcess:
    """POST the bench body through Flask's test client: CPU time, SQL statements and commits per request."""
    from sqlalchemy import event

    from services.leads.app import create_app

    app = create_app(env)
    engine = app.extensions["container"].db.engine
    counts: Counter[str] = Counter()
    event.listen(engine, "before_cursor_execute", lambda *_: counts.update(["statements"]))
    event.listen(engine, "commit", lambda *_: counts.update(["commits"]))
    client, template = app.test_client(), bench_body()

    def post(i: int) -> None:
        body = template.replace("BENCH_EMAIL", f"in-process-{i}-{uuid.uuid4().hex[:8]}@example.com")
        # A different address each time, as real visitors have: the per-address limit stays a short scan.
        headers = {"Content-Type": "application/json", "X-Forwarded-For": f"10.9.{i // 250 % 250}.{i % 250}"}
        response = client.post(PATH, data=body, headers=headers)
        if response.status_code != 201:
            raise RuntimeError(f"in-process POST answered {response.status_code}: {response.get_data(as_text=True)}")

    try:
        for i in range(50):
            post(i)  # warm up: pool, statement caches, prepared statements
        counts.clear()
        started = time.process_time()
        for i in range(requests):
            post(50 + i)
        cpu = time.process_time() - started
    finally:
        app.extensions["container"].db.dispose()
    return InProcess(cpu * 1000 / requests, counts["statements"] / requests, counts["commits"] / requests)


def create_database(base: str) -> tuple[str, str]:
    """Create and migrate a scratch leads database; return its URL and name."""
    name = f"leads_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    upgrade("leads", url)
    return url, name


def sessions_opened(base: str, name: str) -> int:
    """How many connections PostgreSQL has accepted for the database (a pool that churns opens many)."""
    with psycopg.connect(base, autocommit=True) as conn:
        row = conn.execute("SELECT sessions FROM pg_stat_database WHERE datname = %s", (name,)).fetchone()
    return int(row[0]) if row else 0


def drop_database(base: str, name: str) -> None:
    """Drop the scratch database."""
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def cpu_seconds(pgid: int | None = None, cmdline_has: str | None = None) -> float:
    """CPU time (user + system) of the live processes in a process group, or whose command line names something."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if pgid is not None and int(fields[2]) != pgid:
                continue
            if cmdline_has is not None and cmdline_has.encode() not in (entry / "cmdline").read_bytes():
                continue
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def run_wrk(wrk: str, url: str, script: Path, args: argparse.Namespace, duration: int) -> tuple[WrkResult, float]:
    """POST with wrk's Lua script; return its figures and the CPU seconds wrk itself used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s", "--latency", "-s", str(script), url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return parse_wrk(out), (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


@dataclass
class Side:
    """One target behind its own gateway: its best run and the CPU every process spent per request."""

    label: str
    url: str
    groups: dict[str, int]
    database: str | None = None
    runs: list[WrkResult] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def best(self) -> WrkResult:
        """The run with the highest throughput (a passing load spike on a shared machine hurts only some runs)."""
        return max(self.runs, key=lambda run: run.rps)

    def cpu_ms(self) -> dict[str, float]:
        """Milliseconds of CPU per request for each process, summed over every run."""
        total = sum(run.requests for run in self.runs) or 1
        return {name: seconds * 1000 / total for name, seconds in self.cpu.items()}

    def sample(self) -> dict[str, float]:
        """CPU seconds used so far by the service, the gateway and the database's backends."""
        found = {name: cpu_seconds(pgid=pgid) for name, pgid in self.groups.items()}
        if self.database:
            found["postgres"] = cpu_seconds(cmdline_has=f" {self.database} ")
        return found

    def measure(self, wrk: str, script: Path, args: argparse.Namespace) -> None:
        """One measured wrk run, with the CPU each process spent during it."""
        before = self.sample()
        run, wrk_cpu = run_wrk(wrk, self.url, script, args, args.duration)
        after = self.sample()
        self.runs.append(run)
        for name in after:
            self.cpu[name] = self.cpu.get(name, 0.0) + after[name] - before.get(name, 0.0)
        self.cpu["wrk"] = self.cpu.get("wrk", 0.0) + wrk_cpu


@contextmanager
def behind_gateway(
    target: str, env: dict[str, str], args: argparse.Namespace, tmp: Path, label: str, database: str | None = None
) -> Iterator[Side]:
    """Serve `target` under gunicorn behind its own gateway until the block ends."""
    svc_port, gw_port = free_port(), free_port()
    upstream = f"http://127.0.0.1:{svc_port}"
    gw_env = {
        "APP_ENV": "development",
        "LOG_LEVEL": args.log_level,
        "LEADS_URL": upstream,
        "BILLING_URL": upstream,
        "NEWSLETTER_URL": upstream,
        "GATEWAY_DATABASE_URL": f"sqlite:///{tmp}/gw-{label}.db",
        # The gateway's per-client write limit would otherwise turn the load into 429s.
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
        assert svc.proc and gw.proc
        yield Side(
            label, f"http://127.0.0.1:{gw_port}{PATH}", {"service": svc.proc.pid, "gateway": gw.proc.pid}, database
        )


def load_average() -> float:
    """The 1-minute load average."""
    return os.getloadavg()[0]


def report(
    ceiling: Side, leads: Side, args: argparse.Namespace, load: tuple[float, float], sessions: int, own: InProcess
) -> str:
    """The Markdown section for docs/benchmarks.md."""
    top, best = ceiling.best, leads.best
    ratio = best.rps / top.rps if top.rps else 0.0
    meets = best.rps >= 500 and best.p99_ms <= 100 and best.errors == 0
    hello_cpu, leads_cpu = ceiling.cpu_ms(), leads.cpu_ms()
    names = ("service", "gateway", "postgres", "wrk")

    def cpu_row(label: str, cpu: dict[str, float]) -> str:
        cells = " | ".join(f"{cpu[name]:.2f}" if name in cpu else "–" for name in names)
        return f"| {label} | {cells} | {sum(cpu.values()):.2f} |"

    budget = 1000 * (os.cpu_count() or 1) / sum(leads_cpu.values()) if leads_cpu else 0.0
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
            " PostgreSQL. Each request validates, scores, encrypts (AES-GCM), dedupes by blind index, checks the spam"
            " limits, and commits the lead, submission, five consent records and its outbox events in one"
            " transaction. The ceiling is a bare Flask app answering 201 under the same gunicorn and gateway settings,"
            f" measured in the same run: best of {args.rounds} alternating runs per side."
            " wrk, the gateway, the service and PostgreSQL share the machine"
            f" (1-minute load average {load[0]:.1f} before the run, {load[1]:.1f} after).",
            "",
            "| target | requests/s | p50 | p99 | errors |",
            "|---|---:|---:|---:|---:|",
            f"| bare Flask (ceiling) | {top.rps:,.0f} | {top.p50_ms:.2f} ms | {top.p99_ms:.2f} ms | {top.errors} |",
            f"| POST /api/leads/assessments | {best.rps:,.0f} | {best.p50_ms:.2f} ms | {best.p99_ms:.2f} ms"
            f" | {best.errors} |",
            "",
            f"The assessment endpoint reaches **{ratio:.2f}×** the ceiling. Aim: ≥ 500 requests/s, p99 ≤ 100 ms, no"
            f" errors — this run **{'meets' if meets else 'misses'}** it.",
            "",
            "CPU milliseconds per request, summed over every run (the processes share the same cores, so the"
            f" total bounds throughput at about {budget:,.0f} requests/s for the assessment on this machine):",
            "",
            "| target | service | gateway | PostgreSQL | wrk | total |",
            "|---|---:|---:|---:|---:|---:|",
            cpu_row("bare Flask (ceiling)", hello_cpu),
            cpu_row("POST /api/leads/assessments", leads_cpu),
            "",
            f"The service opened {sessions} PostgreSQL connections in all (its pools, migrations and health checks)."
            f" Without HTTP servers (Flask's test client, one request at a time, a different client address each"
            f" time) the service spends {own.cpu_ms:.2f} ms of CPU per request, test client included, and runs"
            f" {own.statements:.0f} SQL statements and {own.commits:.0f} commit per request.",
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
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--service-threads", type=int, default=8)
    parser.add_argument("--gateway-workers", type=int, default=2)
    parser.add_argument("--gateway-threads", type=int, default=16)
    parser.add_argument("--log-level", default="WARNING")
    parser.add_argument(
        "--spam-ip-per-hour",
        type=int,
        default=1_000_000_000,
        help="SPAM_IP_PER_HOUR for the service: every request comes from the gateway's one address, so the default"
        " keeps the check on without marking the load as spam (the check then scans every earlier bench submission)",
    )
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
            leads_env = {
                "APP_ENV": "development",
                "LEADS_DATABASE_URL": url,
                "LOG_LEVEL": args.log_level,
                "SPAM_IP_PER_HOUR": str(args.spam_ip_per_hour),
                "SPAM_EMAIL_PER_DAY": "1000000000",
            }
            own = in_process_cost(leads_env)
            with (
                behind_gateway("bench.leads_bench:hello_app()", {}, args, tmp, "hello") as ceiling,
                behind_gateway("services.leads.app:create_app()", leads_env, args, tmp, "leads", name) as leads,
            ):
                for side in (ceiling, leads):
                    run_wrk(wrk, side.url, script, args, 3)  # warm up: connections, pools, prepared statements
                load = [load_average()]
                for _ in range(args.rounds):
                    for side in (ceiling, leads):
                        side.measure(wrk, script, args)
                load.append(load_average())
            sessions = sessions_opened(base, name)
    finally:
        drop_database(base, name)
    section = report(ceiling, leads, args, (load[0], load[1]), sessions, own)
    print(section)
    if not args.no_write:
        write_section(section)
        print(f"written to {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
