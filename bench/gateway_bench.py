"""What the gateway costs: wrk against a trivial upstream directly, through Caddy, and through nginx (`make bench`).

The upstream runs under gunicorn on loopback; Caddy runs gateway/Caddyfile as `make run` does; nginx (Debian's
package, installed when it can be) is a reference proxy with keep-alive and the same security headers. The
figures go to docs/benchmarks.md between the gateway markers.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, Response

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.caddy_front import caddy_front  # noqa: E402
from bench.docs_section import publish  # noqa: E402
from bench.gunicorn_servers import gunicorn, local_url  # noqa: E402
from bench.nginx_reference import ensure_nginx, nginx_front  # noqa: E402
from bench.process_cpu import group_cpu_seconds, load_average  # noqa: E402
from bench.wrk import WrkLoad, WrkResult, add_load_options, ensure_wrk, run_wrk  # noqa: E402
from tests.support.servers import ProcessServer, free_port  # noqa: E402

PATH = "/api/leads/ping"
AIM_RATIO = 0.6
AIM_P99_MS = 5.0


def upstream_app() -> Flask:
    """Serve the cheapest possible answer, so the comparison isolates the proxy's own cost."""
    app = Flask("bench_upstream")

    @app.get("/healthz")
    def healthz() -> Response:
        """Say the upstream is up."""
        return Response('{"status": "up"}', mimetype="application/json")

    @app.get(PATH)
    def ping() -> Response:
        """Answer a small JSON body."""
        return Response('{"pong": true}', mimetype="application/json")

    return app


@dataclass(frozen=True)
class Side:
    """One way of reaching the upstream: its best run and the CPU its proxy spent per request."""

    label: str
    best: WrkResult
    upstream_cpu_ms: float
    proxy_cpu_ms: float | None


def run_at_load(wrk: str, url: str, args: argparse.Namespace, duration: int) -> WrkResult:
    """Load `url` with wrk at the run's thread and connection counts."""
    return run_wrk(wrk, url, WrkLoad.from_args(args, duration))


def measure(wrk: str, urls: dict[str, str], groups: dict[str, int], args: argparse.Namespace) -> dict[str, Side]:
    """Warm every side up, then alternate their runs; keep each side's best run.

    Alternating and keeping the best of each side makes a passing load spike on a shared machine count
    against none in particular; CPU per request is summed over all runs and is steadier still.
    """
    for url in urls.values():
        run_at_load(wrk, url, args, 2)
    runs: dict[str, list[WrkResult]] = {side: [] for side in urls}
    cpu = {side: {"upstream": 0.0, side: 0.0} for side in urls}
    for _ in range(args.rounds):
        for side, url in urls.items():
            before = group_cpu_seconds(groups)
            runs[side].append(run_at_load(wrk, url, args, args.duration))
            after = group_cpu_seconds(groups)
            for name in cpu[side]:
                if name in groups:
                    cpu[side][name] += after[name] - before[name]

    def per_request(side: str, name: str) -> float:
        return 1000 * cpu[side][name] / max(1, sum(r.requests for r in runs[side]))

    return {
        side: Side(
            side,
            max(runs[side], key=lambda r: r.rps),
            per_request(side, "upstream"),
            per_request(side, side) if side in groups else None,
        )
        for side in urls
    }


LABELS = {
    "direct": "direct to upstream",
    "caddy": "through Caddy (gateway/Caddyfile)",
    "nginx": "through nginx (reference, Debian package)",
}


def report(sides: dict[str, Side], args: argparse.Namespace, load: float, load_after: float, nginx_note: str) -> str:
    """Write the Markdown body of the gateway section of docs/benchmarks.md."""
    direct, caddy = sides["direct"], sides["caddy"]
    ratio = caddy.best.rps / direct.best.rps
    added = caddy.best.p99_ms - direct.best.p99_ms
    verdict = "meets" if ratio >= AIM_RATIO and added <= AIM_P99_MS else "misses"
    lines = [
        "## Gateway overhead",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPUs with `make bench`"
        f" (`python bench/gateway_bench.py`): `wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency`"
        f" on `GET {PATH}`, best of {args.rounds} alternating runs per side; a trivial upstream under gunicorn"
        f" ({args.upstream_workers} gthread workers × {args.upstream_threads} threads). Caddy runs the real"
        " gateway/Caddyfile (routing, request id, security headers, CORS, body limits, JSON access log to a file,"
        " keep-alive pool); nginx proxies with a keep-alive pool and the same security headers. wrk, the upstream"
        f" and the proxy share the machine (1-minute load average {load:.1f} before the run, {load_after:.1f} after),"
        " so every extra hop competes for the same cores: these figures are a floor for what separate hosts give.",
        "",
        "| path | requests/s | ratio to direct | p50 | p99 | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, side in sides.items():
        best = side.best
        lines.append(
            f"| {LABELS[name]} | {best.rps:,.0f} | {best.rps / direct.best.rps:.2f} | {best.p50_ms:.2f} ms"
            f" | {best.p99_ms:.2f} ms | {best.errors} |"
        )
    lines += [
        "",
        f"Through-Caddy throughput is **{ratio:.2f}×** direct; Caddy adds **{added:.2f} ms** at p99."
        f" This {verdict} the aim (≥ {AIM_RATIO}× throughput, ≤ {AIM_P99_MS:g} ms added at p99).",
        "",
        "CPU per request, summed over all runs: "
        + "; ".join(
            f"{LABELS[name]}: upstream {side.upstream_cpu_ms:.2f} ms"
            + (f", proxy {side.proxy_cpu_ms:.2f} ms" if side.proxy_cpu_ms is not None else "")
            for name, side in sides.items()
        )
        + ".",
    ]
    if nginx_note:
        lines += ["", nginx_note]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Start the upstream and the proxies, measure each way in, print and record the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    add_load_options(parser)
    parser.add_argument("--rounds", type=int, default=2, help="alternating runs per side; the best of each counts")
    parser.add_argument("--upstream-workers", type=int, default=2)
    parser.add_argument("--upstream-threads", type=int, default=16)
    parser.add_argument("--no-nginx", action="store_true", help="leave the nginx reference out")
    parser.add_argument("--no-write", action="store_true", help="print the figures without touching the docs")
    args = parser.parse_args(argv)
    wrk = ensure_wrk()
    nginx = None if args.no_nginx else ensure_nginx()
    nginx_note = "" if nginx or args.no_nginx else "nginx could not be installed on this machine; its row is missing."
    load_before = load_average()
    up_port, caddy_port, nginx_port = free_port(), free_port(), free_port()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        upstream = local_url(up_port)
        up_cmd = gunicorn("bench.gateway_bench:upstream_app()", up_port, args.upstream_workers, args.upstream_threads)
        with (
            ProcessServer(up_cmd, {}, ready_url=upstream + "/healthz", log=tmp / "up.log") as up_server,
            caddy_front(upstream, caddy_port, tmp / "caddy") as caddy,
        ):
            # Each server leads its own session, so its process group id is its pid.
            groups = {"upstream": up_server.proc.pid, "caddy": caddy.proc.pid}  # type: ignore[union-attr]
            urls = {"direct": upstream + PATH, "caddy": caddy.url + PATH}
            if nginx:
                with nginx_front(nginx, upstream, nginx_port, tmp / "nginx") as proxy:
                    groups["nginx"] = proxy.proc.pid  # type: ignore[union-attr]
                    urls["nginx"] = local_url(nginx_port) + PATH
                    sides = measure(wrk, urls, groups, args)
            else:
                sides = measure(wrk, urls, groups, args)
    publish("gateway", report(sides, args, load_before, load_average(), nginx_note), write=not args.no_write)


if __name__ == "__main__":
    main()
