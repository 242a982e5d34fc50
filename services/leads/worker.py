"""The leads worker: `python -m services.leads.worker`."""
from __future__ import annotations

from collections.abc import Mapping

from services.kit.worker import Worker
from services.kit.worker_main import build_worker, run
from services.leads.bootstrap import build_container


def create_worker(env: Mapping[str, str] | None = None) -> Worker:
    """Build the leads worker with its job kinds and periodic tasks."""
    return build_worker(build_container(env))


if __name__ == "__main__":
    run(create_worker())
