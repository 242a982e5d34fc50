"""The whole system through the gateway, started once for billing's end-to-end tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.system import RunningSystem, running_system


@pytest.fixture(scope="module")
def system(databases, tmp_path_factory) -> Iterator[RunningSystem]:  # type: ignore[no-untyped-def]
    """Stand-ins, services, workers and the gateway as real processes."""
    with running_system(databases, tmp_path_factory.mktemp("logs")) as started:
        yield started
