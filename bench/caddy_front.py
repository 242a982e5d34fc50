"""The gateway as the benchmarks run it: Caddy with gateway/Caddyfile in front of one upstream."""

from __future__ import annotations

from pathlib import Path

from tests.support.caddy import CaddyServer


def caddy_front(upstream: str, port: int, state: Path) -> CaddyServer:
    """Configure Caddy on `port` to route every service, and the gateway app's paths, to `upstream`."""
    env = {
        "APP_ENV": "development",
        "CADDY_BIND": "127.0.0.1",
        "LEADS_URL": upstream,
        "BILLING_URL": upstream,
        "NEWSLETTER_URL": upstream,
        "GATEWAY_APP_URL": upstream,
    }
    return CaddyServer(env, state, port=port)
