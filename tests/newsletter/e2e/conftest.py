"""The whole system (gateway, services, workers, stand-ins) for end-to-end tests of the newsletter."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.databases import DatabaseFactory
from tests.support.system import RunningSystem, running_system


@pytest.fixture(scope="module")
def system(databases: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSystem]:
    """Start everything once for this module's tests."""
    with running_system(databases, tmp_path_factory.mktemp("newsletter-e2e-logs")) as running:
        yield running
