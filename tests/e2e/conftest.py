"""The whole system, started once for the end-to-end tests of this folder."""

from __future__ import annotations

import pytest

from tests.support.system import RunningSystem, running_system


@pytest.fixture(scope="module")
def system(databases, tmp_path_factory) -> RunningSystem:
    """Stand-ins, services, workers and the gateway as real processes."""
    with running_system(databases, tmp_path_factory.mktemp("logs")) as started:
        yield started
