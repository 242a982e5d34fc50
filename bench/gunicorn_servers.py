"""How the benchmarks serve apps: gunicorn command lines and their sizes."""

from __future__ import annotations

import argparse
import sys


def gunicorn(target: str, port: int, workers: int, threads: int) -> list[str]:
    """Build the gunicorn command line for `target`."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        str(workers),
        "-k",
        "gthread",
        "--threads",
        str(threads),
        "--keep-alive",
        "30",
        "--backlog",
        "1024",
        "--graceful-timeout",
        "5",
        target,
    ]


def add_server_options(parser: argparse.ArgumentParser) -> None:
    """Add the gunicorn sizes of a service (--workers, --service-threads)."""
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--service-threads", type=int, default=8)


def local_url(port: int) -> str:
    """The loopback base URL of a server on `port`."""
    return f"http://127.0.0.1:{port}"
