"""Every Flask app of the system built in-process, and a callable URL for each rule of its url_map."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask
from werkzeug.routing import Rule

from gateway.app import create_app as create_gateway
from services.billing.app import create_app as create_billing
from services.kit.dev_keys import DEV_STAFF_PUBLIC_KEY_PEM
from services.leads.app import create_app as create_leads
from services.newsletter.app import create_app as create_newsletter
from tests.conftest import EVENTS_KEY
from tests.support.databases import DatabaseFactory

NOWHERE = "http://127.0.0.1:9"
SERVICES = {"leads": create_leads, "billing": create_billing, "newsletter": create_newsletter}
# A value for each URL argument, so a route can be called; nothing need exist behind it.
SAMPLE_ARGUMENTS: dict[str, object] = {
    "lead_id": str(uuid.UUID(int=7)),
    "consultation_id": str(uuid.UUID(int=8)),
    "action": "contacted",
    "verdict": "spam",
    "customer_id": "cus_nobody",
    "session_id": "cs_nobody",
    "campaign_id": 999_999,
    "token": "no-such-token",
    "filename": "nothing.css",
    "service": "leads",
    "status": 404,
    "version": "1",
    "job_id": 999_999,
    "import_id": 999_999,
    "user_id": 999_999,
    "source": "leads",
    "slug": "no-such-page",
}


@dataclass(frozen=True)
class Route:
    """One method of one url_map rule of one app."""

    app: str
    method: str
    rule: Rule

    @property
    def key(self) -> tuple[str, str]:
        """The route's key in tables of expected answers."""
        return (self.app, f"{self.method} {self.rule.rule}")


def routes_of(name: str, app: Flask) -> list[Route]:
    """Every (method, rule) an app serves, HEAD and OPTIONS aside."""
    return [
        Route(name, method, rule)
        for rule in app.url_map.iter_rules()
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    ]


def url_for_route(app: Flask, route: Route) -> str:
    """Build a callable URL for a rule from the sample arguments."""
    missing = sorted(set(route.rule.arguments) - set(SAMPLE_ARGUMENTS))
    assert not missing, f"{route.key}: add a sample value for {missing} to SAMPLE_ARGUMENTS in {__file__}"
    values = {name: SAMPLE_ARGUMENTS[name] for name in route.rule.arguments}
    return str(app.url_map.bind("localhost").build(route.rule.endpoint, values, method=route.method))


def app_env(databases: DatabaseFactory, name: str, **extra: str) -> dict[str, str]:
    """The settings of one app on its own fresh database (the gateway app's upstreams go nowhere)."""
    env = {
        "APP_ENV": "development",
        "EVENTS_SIGNING_KEY": EVENTS_KEY,
        "STAFF_TOKEN_PUBLIC_KEY": DEV_STAFF_PUBLIC_KEY_PEM,
        "LOG_LEVEL": "CRITICAL",
        "PUBLIC_WRITE_LIMIT": "100000/minute",
        "AUTH_LIMIT": "100000/minute",
        "RATELIMIT_KEY_PREFIX": f"every-app-{uuid.uuid4().hex[:10]}",
        f"{name.upper()}_DATABASE_URL": databases.create(name),
    }
    if name == "gateway":
        env.update(LEADS_URL=NOWHERE, BILLING_URL=NOWHERE, NEWSLETTER_URL=NOWHERE)
    env.update(extra)
    return env


@contextmanager
def every_app(databases: DatabaseFactory, **extra: str) -> Iterator[dict[str, Flask]]:
    """The three services and the gateway app, each on its own fresh database; `extra` goes to every one."""
    built = {name: make(app_env(databases, name, **extra)) for name, make in SERVICES.items()}
    built["gateway"] = create_gateway(app_env(databases, "gateway", **extra))
    try:
        yield built
    finally:
        for app in built.values():
            container = app.extensions.get("container")
            if container is not None:
                container.db.dispose()
