"""Fixtures for newsletter integration tests: a real database, the app, its worker and the SendGrid stand-in."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.newsletter.local_stack import LocalStack, local_stack


@pytest.fixture
def stack(service_env: Callable[..., dict[str, str]]) -> Iterator[LocalStack]:
    """A newsletter with its worker and the stand-in, on a fresh database."""
    with local_stack(service_env("newsletter")) as running:
        yield running


@pytest.fixture
def marketer_headers(staff_token: Callable[..., str]) -> dict[str, str]:
    """Authorization for a marketer."""
    return {"Authorization": "Bearer " + staff_token("marketer")}
