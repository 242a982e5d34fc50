"""The newsletter app, its worker and the SendGrid stand-in on free ports, without the gateway."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

from services.kit.worker import Worker
from services.newsletter.app import create_app
from services.newsletter.bootstrap import build_container, parts_of
from services.newsletter.context import Newsletter
from services.newsletter.worker import create_worker
from standins.sendgrid.app import create_app as create_standin
from tests.support.servers import ThreadServer, free_port
from tests.support.waiting import wait_until


@dataclass
class LocalStack:
    """Addresses and handles of a running newsletter with its stand-in."""

    url: str
    standin_url: str
    env: dict[str, str]
    nl: Newsletter

    def mail(self, to: str | None = None, **params: Any) -> list[dict[str, Any]]:
        """Messages the stand-in accepted, newest first."""
        query = {"to": to, **params} if to else params
        return requests.get(self.standin_url + "/dev/mail", params=query, timeout=30).json()

    def mail_stats(self) -> dict[str, Any]:
        """Totals and per-recipient counts at the stand-in."""
        return requests.get(self.standin_url + "/dev/mail/stats", timeout=30).json()

    def wait_for_mail(self, to: str, subject_part: str, timeout: float = 15) -> dict[str, Any]:
        """Wait for a message to `to` whose subject contains `subject_part`."""

        def found() -> dict[str, Any] | None:
            return next((m for m in self.mail(to) if subject_part in (m["subject"] or "")), None)

        message = wait_until(found, timeout)
        assert message is not None
        return message

    def fault(self, mode: str, count: int = 1, **extra: Any) -> None:
        """Make the next `count` mail/send calls fail at the stand-in."""
        requests.post(
            self.standin_url + "/dev/sendgrid/faults", json={"mode": mode, "count": count, **extra}, timeout=10
        ).raise_for_status()


def link_in(text: str, path: str) -> str:
    """Find the first link to `path` in an email body."""
    match = re.search(r"https?://[^\s\"'<>)]+" + re.escape(path) + r"\?token=[A-Za-z0-9._\-%]+", text)
    assert match, f"no {path} link in the message"
    return match.group(0)


def local_path(url: str) -> str:
    """Turn an absolute link into path + query, to fetch it from the stack."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def start_worker(env: dict[str, str]) -> tuple[Worker, threading.Thread]:
    """Run a newsletter worker in a thread."""
    worker = create_worker(env)
    thread = threading.Thread(target=lambda: worker.run(install_signals=False, beat_every=1.0), daemon=True)
    thread.start()
    return worker, thread


@contextmanager
def local_stack(
    base_env: dict[str, str], *, worker: bool = True, standin: dict[str, Any] | None = None
) -> Iterator[LocalStack]:
    """Start the stand-in, the newsletter app and (optionally) its worker; stop them afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    standin_app = create_standin(
        {"EVENT_WEBHOOK_URL": url + "/webhooks/sendgrid", "WEBHOOK_FLUSH_SECONDS": 0.05, **(standin or {})}
    )
    with ExitStack() as stack:
        standin_server = stack.enter_context(ThreadServer(standin_app))
        env = {**base_env, "SENDGRID_HOST": standin_server.url, "PUBLIC_URL": url, "WORKER_POLL_SECONDS": "0.05"}
        stack.enter_context(ThreadServer(create_app(env), port=port))
        if worker:
            running, thread = start_worker(env)
            stack.callback(thread.join, 10)
            stack.callback(running.stopping.set)
        nl = parts_of(build_container(env))
        stack.callback(nl.db.dispose)
        stack.callback(lambda: standin_app.extensions["sendgrid_standin"].close())
        yield LocalStack(url=url, standin_url=standin_server.url, env=env, nl=nl)
