"""POST /api/leads/assessments through the gateway on PostgreSQL, with a bare Flask app as the ceiling (`make bench`).

Both targets run under the same gunicorn settings behind the same gateway settings, measured in the same run;
figures go to docs/benchmarks.md between the leads markers.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.caddy_front import caddy_front  # noqa: E402
from bench.docs_section import publish  # noqa: E402
from bench.gunicorn_servers import add_server_options, gunicorn, local_url  # noqa: E402
from bench.leads_in_process import InProcess, in_process_cost  # noqa: E402
from bench.leads_requests import PATH, post_script  # noqa: E402
from bench.process_cpu import children_cpu_seconds, cpu_seconds, group_cpu_seconds, load_average  # noqa: E402
from bench.scratch_database import scratch_database  # noqa: E402
from bench.wrk import WrkLoad, WrkResult, add_load_options, ensure_wrk, run_wrk  # noqa: E402
from tests.support.servers import ProcessServer, free_port  # noqa: E402


def post(wrk: str, url: str, script: Path, args: argparse.Namespace, duration: int) -> tuple[WrkResult, float]:
    """POST with wrk's Lua script; return its figures and the CPU seconds wrk itself used."""
    before = children_cpu_seconds()
    result = run_wrk(wrk, url, WrkLoad.from_args(args, duration), script)
    return result, children_cpu_seconds() - before


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
        found = group_cpu_seconds(self.groups)
        if self.database:
            found["postgres"] = cpu_seconds(cmdline_has=f" {self.database} ")
        return found

    def measure(self, wrk: str, script: Path, args: argparse.Namespace) -> None:
        """One measured wrk run, with the CPU each process spent during it."""
        before = self.sample()
        run, wrk_cpu = post(wrk, self.url, script, args, args.duration)
        after = self.sample()
        self.runs.append(run)
        for name in after:
            self.cpu[name] = self.cpu.get(name, 0.0) + after[name] - before.get(name, 0.0)
        self.cpu["wrk"] = self.cpu.get("wrk", 0.0) + wrk_cpu


@contextmanager
def behind_gateway(
    target: str, env: dict[str, str], args: argparse.Namespace, tmp: Path, label: str, database: str | None = None
) -> Iterator[Side]:
    """Serve `target` under gunicorn behind its own Caddy until the block ends."""
    svc_port, gw_port = free_port(), free_port()
    upstream = local_url(svc_port)
    svc = ProcessServer(
        gunicorn(target, svc_port, args.workers, args.service_threads),
        # The service's per-address write limit would otherwise turn the load into 429s.
        {**env, "PUBLIC_WRITE_LIMIT": "100000000/minute"},
        ready_url=upstream + "/healthz",
        log=tmp / f"{label}.log",
    )
    gw = caddy_front(upstream, gw_port, tmp / f"caddy-{label}")
    with svc, gw:
        assert svc.proc and gw.proc
        yield Side(
            label, f"http://127.0.0.1:{gw_port}{PATH}", {"service": svc.proc.pid, "gateway": gw.proc.pid}, database
        )


def report(
    ceiling: Side, leads: Side, args: argparse.Namespace, load: tuple[float, float], sessions: int, own: InProcess
) -> str:
    """The Markdown body of the leads section of docs/benchmarks.md."""
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
            "## Leads: POST /api/leads/assessments",
            "",
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPUs with `make bench`"
            " (`python bench/leads_bench.py`):"
            f" `wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency`"
            " with a Lua script posting a likely-eligible assessment with a new email each time, through the gateway"
            " (Caddy with gateway/Caddyfile) to the service under"
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
            top.table_row("bare Flask (ceiling)"),
            best.table_row("POST /api/leads/assessments"),
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
        ]
    )


def main(argv: list[str] | None = None) -> None:
    """Measure the ceiling and the endpoint, print and record the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    add_load_options(parser)
    add_server_options(parser)
    parser.add_argument("--rounds", type=int, default=2)
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
    with tempfile.TemporaryDirectory() as tmp_name, scratch_database("leads", "leads_bench") as database:
        tmp = Path(tmp_name)
        script = tmp / "post.lua"
        script.write_text(post_script())
        leads_env = {
            "APP_ENV": "development",
            "LEADS_DATABASE_URL": database.url,
            "LOG_LEVEL": args.log_level,
            "SPAM_IP_PER_HOUR": str(args.spam_ip_per_hour),
            "SPAM_EMAIL_PER_DAY": "1000000000",
            # The load comes from one address; the per-address write limit would otherwise refuse it.
            "PUBLIC_WRITE_LIMIT": "100000000/minute",
        }
        own = in_process_cost(leads_env)
        with (
            behind_gateway("bench.leads_requests:hello_app()", {}, args, tmp, "hello") as ceiling,
            behind_gateway("services.leads.app:create_app()", leads_env, args, tmp, "leads", database.name) as leads,
        ):
            for side in (ceiling, leads):
                post(wrk, side.url, script, args, 3)  # warm up: connections, pools, prepared statements
            load = [load_average()]
            for _ in range(args.rounds):
                for side in (ceiling, leads):
                    side.measure(wrk, script, args)
            load.append(load_average())
        sessions = database.sessions_opened()
    body = report(ceiling, leads, args, (load[0], load[1]), sessions, own)
    publish("leads", body, write=not args.no_write)


if __name__ == "__main__":
    main()
