"""The whole system as real processes on free ports, as `make run` starts it, for end-to-end tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.conftest import EVENTS_KEY
from tests.support.caddy import CaddyServer
from tests.support.databases import DatabaseFactory
from tests.support.leak_scan import SESSION_SCAN, LeakScan
from tests.support.servers import ProcessServer, free_port, gunicorn_app, python_module
from tests.support.waiting import wait_until

SERVICES = ("leads", "billing", "newsletter")
# Where access lines hold the request target: the services' and the gateway app's `path`, Caddy's `request.uri`.
FUZZED_TARGET_FIELDS = frozenset({"path", "request.uri"})


@dataclass
class RunningSystem:
    """Addresses and environment of a started system."""

    url: str
    ports: dict[str, int]
    env: dict[str, str]
    processes: dict[str, ProcessServer] = field(default_factory=dict)

    def service_url(self, name: str) -> str:
        """Base URL of one process by name (leads, billing, newsletter, sendgrid, stripe)."""
        return f"http://127.0.0.1:{self.ports[name]}"

    def mail(self, to: str | None = None) -> list[dict]:
        """Messages the SendGrid stand-in accepted, newest first."""
        params = {"to": to} if to else {}
        return requests.get(self.url + "/dev/mail", params=params, timeout=10).json()


def system_env(databases: DatabaseFactory, ports: dict[str, int], **extra: str) -> dict[str, str]:
    """The environment every process of a test system shares."""
    gateway = f"http://127.0.0.1:{ports['gateway']}"
    env = {
        "APP_ENV": "development",
        "PUBLIC_URL": gateway,
        "EVENTS_SIGNING_KEY": EVENTS_KEY,
        "WORKER_POLL_SECONDS": "0.1",
        "OUTBOX_LEASE_SECONDS": "10",
        "PUBLIC_WRITE_LIMIT": "1000/minute",
        "AUTH_LIMIT": "1000/minute",
        "SENDGRID_HOST": f"http://127.0.0.1:{ports['sendgrid']}",
        "SENDGRID_STANDIN_URL": f"http://127.0.0.1:{ports['sendgrid']}",
        "SENDGRID_STANDIN_EVENT_WEBHOOK_URL": gateway + "/webhooks/sendgrid",
        "STRIPE_STANDIN_URL": f"http://127.0.0.1:{ports['stripe']}",
        "STRIPE_STANDIN_PUBLIC_URL": f"http://127.0.0.1:{ports['stripe']}",
        "STRIPE_STANDIN_WEBHOOK_URL": gateway + "/webhooks/stripe",
        "STRIPE_API_BASE": f"http://127.0.0.1:{ports['stripe']}",
        "GATEWAY_DATABASE_URL": databases.create("gateway"),
    }
    for name in SERVICES:
        env[f"{name.upper()}_URL"] = f"http://127.0.0.1:{ports[name]}"
        env[f"{name.upper()}_DATABASE_URL"] = databases.create(name)
    env.update(extra)
    return env


@contextmanager
def running_system(
    databases: DatabaseFactory, log_dir: Path, *, fuzzed_targets: bool = False, **extra: str
) -> Iterator[RunningSystem]:
    """Start stand-ins, services, workers, the gateway app and Caddy in front; stop them all afterwards.

    With `fuzzed_targets`, the leak scan leaves the request paths of access lines unread (a fuzzer writes
    them, not a person); every other log field, every mail and every Stripe request is still read.
    """
    ports = {name: free_port() for name in ("gateway", "gateway-app", "sendgrid", "stripe", *SERVICES)}
    env = system_env(databases, ports, **extra)
    system = RunningSystem(url=f"http://127.0.0.1:{ports['gateway']}", ports=ports, env=env)
    commands = {
        "sendgrid": (python_module("standins.sendgrid", "--port", str(ports["sendgrid"])), "/dev/mail"),
        "stripe": (python_module("standins.stripe", "--port", str(ports["stripe"])), "/dev/stripe/clock"),
    }
    for name in SERVICES:
        commands[name] = (gunicorn_app(f"services.{name}.app:create_app()", ports[name]), "/metrics")
        commands[f"{name}-worker"] = (python_module(f"services.{name}.worker"), None)
    commands["gateway-worker"] = (python_module("gateway.worker"), None)
    commands["gateway-app"] = (
        gunicorn_app("gateway.app:create_app()", ports["gateway-app"], threads=16),
        "/assets/site.css",
    )
    scan = LeakScan(unread_log_fields=FUZZED_TARGET_FIELDS if fuzzed_targets else frozenset())
    with ExitStack() as stack:
        for name, (argv, ready) in commands.items():
            port = ports.get(name)
            ready_url = f"http://127.0.0.1:{port}{ready}" if ready and port else None
            process = ProcessServer(argv, env, ready_url=ready_url, log=log_dir / f"{name}.log")
            system.processes[name] = stack.enter_context(process)
        # Caddy is the front door, as under `make run`.
        caddy_env = {**env, "GATEWAY_APP_URL": f"http://127.0.0.1:{ports['gateway-app']}", "CADDY_BIND": "127.0.0.1"}
        caddy = CaddyServer(caddy_env, log_dir / "caddy", log=log_dir / "caddy.log", port=ports["gateway"])
        system.processes["caddy"] = stack.enter_context(caddy)
        wait_until(lambda: requests.get(system.url + "/healthz", timeout=5).status_code == 200, timeout=60)
        yield system
        scan.scan_mails(requests.get(system.service_url("sendgrid") + "/dev/mail", timeout=30).json())
        scan.scan_stripe(requests.get(system.service_url("stripe") + "/dev/stripe/requests", timeout=30).json())
    # The processes have stopped, so every line they wrote is on disk.
    scan.scan_logs(log_dir)
    SESSION_SCAN.add(scan)
    assert not scan.findings, "personal or health data left the services:\n" + scan.report()
