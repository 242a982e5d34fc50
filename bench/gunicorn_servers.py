"""How the benchmarks serve apps: gunicorn command lines, and a gateway in front of one upstream."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def gunicorn(target: str, port: int, workers: int, threads: int) -> list[str]:
    """Build the gunicorn command line for `target`."""
    return [sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{port}", "-w", str(workers), "-k", "gthread",
            "--threads", str(threads), "--keep-alive", "30", "--backlog", "1024", "--graceful-timeout", "5", target]


def add_server_options(parser: argparse.ArgumentParser) -> None:
    """Add the gunicorn sizes of a service (--workers, --service-threads) and of the gateway in front of it."""
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--service-threads", type=int, default=8)
    parser.add_argument("--gateway-workers", type=int, default=2)
    parser.add_argument("--gateway-threads", type=int, default=16)


def local_url(port: int) -> str:
    """The loopback base URL of a server on `port`."""
    return f"http://127.0.0.1:{port}"


def gateway_env(upstream: str, log_level: str, database: Path, pool_size: int) -> dict[str, str]:
    """Settings for a gateway that routes every service to `upstream`."""
    return {
        "APP_ENV": "development",
        "LOG_LEVEL": log_level,
        "LEADS_URL": upstream,
        "BILLING_URL": upstream,
        "NEWSLETTER_URL": upstream,
        "GATEWAY_DATABASE_URL": f"sqlite:///{database}",
        "UPSTREAM_POOL_SIZE": str(pool_size),
    }
