"""With Redis as the store, every process of every service counts against the same per-address allowance."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import pytest
import redis
import requests

from tests.gateway.conftest import Gateway
from tests.support.servers import ThreadServer

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """Give the test its own key prefix on the real Redis and remove its keys afterwards."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        # The rate limits must be proven against a real Redis; every machine of this project runs one.
        pytest.fail(f"no Redis at {REDIS_URL}: {exc}")
    prefix = f"gateway-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    keys = list(client.scan_iter(f"*{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


def test_services_share_rate_limit_counters_in_redis(
    start_gateway: Callable[..., Gateway], start_upstreams: Callable[..., dict[str, ThreadServer]], redis_prefix: str
) -> None:
    """Writes through two sets of service processes add up, across services: the third overall is refused."""
    limits = {
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": redis_prefix,
        "PUBLIC_WRITE_LIMIT": "2/minute",
    }
    first = start_gateway(**{f"{name.upper()}_URL": s.url for name, s in start_upstreams(**limits).items()})
    second = start_gateway(**{f"{name.upper()}_URL": s.url for name, s in start_upstreams(**limits).items()})
    assert requests.post(first.url + "/api/leads/assessments", json={}, timeout=10).status_code == 200
    assert requests.post(second.url + "/api/leads/assessments", json={}, timeout=10).status_code == 200
    refused = requests.post(first.url + "/api/leads/assessments", json={}, timeout=10)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert requests.post(second.url + "/newsletter", data=b"x", timeout=10).status_code == 429
    client = redis.Redis.from_url(REDIS_URL)
    assert list(client.scan_iter(f"*{redis_prefix}*"))
    client.close()


def test_redis_is_found_through_redis_url(
    start_gateway: Callable[..., Gateway], start_upstreams: Callable[..., dict[str, ThreadServer]], redis_prefix: str
) -> None:
    """REDIS_URL alone puts the counters in Redis."""
    limits = {"REDIS_URL": REDIS_URL, "RATELIMIT_KEY_PREFIX": redis_prefix, "PUBLIC_WRITE_LIMIT": "1/minute"}
    gateway = start_gateway(**{f"{name.upper()}_URL": s.url for name, s in start_upstreams(**limits).items()})
    assert requests.post(gateway.url + "/contact", data=b"x", timeout=10).status_code == 200
    client = redis.Redis.from_url(REDIS_URL)
    assert list(client.scan_iter(f"*{redis_prefix}*"))
    client.close()
