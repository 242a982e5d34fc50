"""Running wrk and reading its `--latency` report."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass(frozen=True)
class WrkResult:
    """Throughput and latency of one wrk run."""

    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int

    def table_row(self, label: str) -> str:
        """One row of a benchmark's Markdown table: label, requests/s, p50, p99 and errors."""
        return f"| {label} | {self.rps:,.0f} | {self.p50_ms:.2f} ms | {self.p99_ms:.2f} ms | {self.errors} |"


def parse_wrk(output: str) -> WrkResult:
    """Read requests/s, the 50th and 99th latency percentiles and error counts from `wrk --latency`."""

    def latency(percent: str) -> float:
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if not match:
            raise ValueError(f"no {percent}% latency in wrk output")
        return float(match.group(1)) * UNITS[match.group(2)]

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not rps:
        raise ValueError("no Requests/sec in wrk output")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    total = re.search(r"(\d+) requests in", output)
    return WrkResult(float(rps.group(1)), latency("50"), latency("99"), errors, int(total.group(1)) if total else 0)


def ensure_wrk() -> str:
    """Find wrk, installing it from the distribution when running as root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is needed: apt-get install wrk")
    return found


@dataclass(frozen=True)
class WrkLoad:
    """How hard one wrk run pushes: threads, open connections and seconds."""

    threads: int
    connections: int
    duration: int

    @classmethod
    def from_args(cls, args: argparse.Namespace, duration: int | None = None) -> WrkLoad:
        """The load the command line asked for, optionally for a different number of seconds (a warm-up)."""
        return cls(args.threads, args.connections, args.duration if duration is None else duration)


def add_load_options(parser: argparse.ArgumentParser) -> None:
    """Add wrk's --duration (seconds per run), --threads and --connections, at the defaults every benchmark uses."""
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)


def wrk_command(
    wrk: str, url: str, load: WrkLoad, script: Path | None = None, script_args: Sequence[str] = ()
) -> list[str]:
    """Build the wrk command line; `script_args` reach the Lua script's init() after `--`."""
    command = [wrk, f"-t{load.threads}", f"-c{load.connections}", f"-d{load.duration}s", "--latency"]
    if script is not None:
        command += ["-s", str(script)]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    return command


def run_wrk(
    wrk: str, url: str, load: WrkLoad, script: Path | None = None, script_args: Sequence[str] = ()
) -> WrkResult:
    """Load `url` with wrk and return its figures."""
    command = wrk_command(wrk, url, load, script, script_args)
    return parse_wrk(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
