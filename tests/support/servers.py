"""Real HTTP servers for tests: WSGI apps in threads, and whole processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import requests
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """Ask the kernel for a free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ThreadServer:
    """Serve a WSGI app on a free loopback port from a background thread."""

    def __init__(self, app: Any, port: int | None = None):
        self.port = port or free_port()
        self.server = make_server("127.0.0.1", self.port, app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Base URL of the server."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ThreadServer:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.thread.join(5)


class ProcessServer:
    """Run a command as its own process group and wait until a URL answers."""

    def __init__(
        self, argv: Sequence[str], env: Mapping[str, str], ready_url: str | None = None, log: Path | None = None
    ):
        self.argv = list(argv)
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), **env}
        self.ready_url = ready_url
        self.log_path = log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30) -> ProcessServer:
        """Start the process; wait for `ready_url` to answer anything."""
        out = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115 - kept for the process's life
        self.proc = subprocess.Popen(
            self.argv, env=self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        if self.ready_url:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.argv[:3]} exited with {self.proc.returncode}")
                try:
                    requests.get(self.ready_url, timeout=1)
                    return self
                except requests.RequestException:
                    time.sleep(0.1)
            self.stop()
            raise RuntimeError(f"{self.ready_url} did not answer in {timeout}s")
        return self

    def kill(self) -> None:
        """Kill the whole process group at once, as a crash would."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        """Ask the process group to stop, then kill it if it lingers."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> ProcessServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


def python_module(module: str, *args: str) -> list[str]:
    """Build the argv that runs `python -m module args` with this interpreter."""
    return [sys.executable, "-m", module, *args]


def gunicorn_app(target: str, port: int, workers: int = 1, threads: int = 4) -> list[str]:
    """Build the argv that serves `target` under gunicorn on `port`."""
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
        "--graceful-timeout",
        "5",
        target,
    ]
