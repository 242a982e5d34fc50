"""The leads service's own cost per assessment, measured through Flask's test client without HTTP servers."""

from __future__ import annotations

import time
import uuid
from collections import Counter
from dataclasses import dataclass

from bench.leads_requests import EMAIL_SLOT, PATH, bench_body


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
        body = template.replace(EMAIL_SLOT, f"in-process-{i}-{uuid.uuid4().hex[:8]}@example.com")
        # A different address each time, as real visitors have: the per-address limit stays a short scan.
        headers = {"Content-Type": "application/json", "X-Real-IP": f"10.9.{i // 250 % 250}.{i % 250}"}
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
