"""The whole system, started once for the end-to-end tests of this folder."""

from __future__ import annotations

import pytest

from tests.support.servers import free_port
from tests.support.system import RunningSystem, running_system


@pytest.fixture(scope="package")
def sample_port() -> int:
    """The port of the sample clinic site, chosen before the system so CORS_ORIGINS can name it."""
    return free_port()


@pytest.fixture(scope="package")
def system(databases, tmp_path_factory, sample_port) -> RunningSystem:
    """Stand-ins, services, workers and the gateway as real processes, allowing the sample site as dev.env does."""
    with running_system(
        databases, tmp_path_factory.mktemp("logs"), CORS_ORIGINS=f"http://127.0.0.1:{sample_port}"
    ) as started:
        yield started
