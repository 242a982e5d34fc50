"""Every GET route of the services and the gateway app is classified; each that shows personal data says no-store.

A new route fails this test until it is added to PRIVATE or to PUBLIC below.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from werkzeug.routing import IntegerConverter, PathConverter, Rule

# Routes that show (or may show) a person's data, staff data or health answers: they must send no-store
# on every answer, refusals and redirects included.
PRIVATE = {
    "leads": {
        "/admin/leads",
        "/admin/leads/<lead_id:lead_id>",
        "/admin/leads/<lead_id:lead_id>/erase",
        "/admin/leads/export.csv",
        "/admin/leads/funnel",
        "/admin/leads/privacy-requests",
        "/admin/leads/waitlist",
        "/api/leads/staff/export.csv",
        "/api/leads/staff/funnel",
        "/api/leads/staff/funnel/breakdown",
        "/api/leads/staff/funnel/revenue",
        "/api/leads/staff/leads/<lead_id:lead_id>",
        "/api/leads/staff/queue",
        "/api/leads/staff/audit",
        "/api/leads/staff/dead-letters",
        "/api/leads/staff/summary",
        "/api/leads/staff/waitlist",
        "/assessment",
        "/assessment/result/<token>",
        "/consultation",
        "/consultation/manage/<token>",
        "/privacy/requests",
        "/privacy/requests/confirm",
        "/privacy/requests/download",
    },
    "billing": {
        "/admin/billing",
        "/admin/billing/failed-events",
        "/admin/billing/promotion-codes",
        "/admin/billing/reconcile",
        "/api/billing/failed-events",
        "/api/billing/promotion-codes",
        "/api/billing/staff/summary",
        "/api/billing/staff/audit",
        "/api/billing/staff/dead-letters",
        "/admin/billing/members/<string:customer_id>",
        "/api/billing/checkout-sessions/<string:session_id>",
        "/api/billing/members",
        "/api/billing/members/<string:customer_id>",
        "/billing/cancel",
        "/billing/manage",
        "/billing/manage/signin",
        "/billing/success",
        "/membership",
    },
    "newsletter": {
        "/admin/newsletter",
        "/admin/newsletter/campaigns/<int:campaign_id>",
        "/admin/newsletter/campaigns/<int:campaign_id>/preview",
        "/admin/newsletter/campaigns/<int:campaign_id>/preview.html",
        "/admin/newsletter/campaigns/<int:campaign_id>/preview/text",
        "/admin/newsletter/campaigns/<int:campaign_id>/send",
        "/admin/newsletter/campaigns/new",
        "/admin/newsletter/imports",
        "/admin/newsletter/imports/<int:import_id>",
        "/admin/newsletter/imports/<int:import_id>/rejected.csv",
        "/admin/newsletter/subscribers",
        "/admin/newsletter/subscribers/export.csv",
        "/api/newsletter/campaigns",
        "/api/newsletter/campaigns/<int:campaign_id>",
        "/api/newsletter/campaigns/<int:campaign_id>/audience",
        "/api/newsletter/campaigns/<int:campaign_id>/preview",
        "/api/newsletter/campaigns/<int:campaign_id>/progress",
        "/api/newsletter/staff/summary",
        "/api/newsletter/staff/audit",
        "/api/newsletter/staff/dead-letters",
        "/api/newsletter/imports/<int:import_id>",
        "/api/newsletter/subscribers",
        "/newsletter/confirm",
        "/newsletter/preferences",
        "/newsletter/unsubscribe",
    },
    "gateway": {
        "/admin/audit",
        "/admin/dead-letters",
        "/admin/staff",
        "/admin/staff/<int(min=1, max=9223372036854775807):user_id>",
        "/staff",
        "/staff/enrol",
        "/staff/login",
        "/staff/welcome",
    },
}

# Routes with nothing personal in them (documents, assets, empty forms, health), which browsers may keep.
PUBLIC = {
    "leads": {
        "/api/leads/openapi.json",
        "/assessment/assets/<path:filename>",
        "/contact",
        "/healthz",
        "/metrics",
        "/static/<path:filename>",
        "/waitlist",
    },
    "billing": {"/api/billing/openapi.json", "/healthz", "/metrics", "/static/<path:filename>"},
    "newsletter": {
        "/api/newsletter/openapi.json",
        "/embed/newsletter.js",
        "/healthz",
        "/metrics",
        "/newsletter",
        "/newsletter/assets/<path:filename>",
        "/newsletter/check-email",
        "/newsletter/embed",
        "/static/<path:filename>",
    },
    "gateway": {
        "/",
        "/about",
        "/faq",
        "/api/docs",
        "/api/docs/<service>.json",
        "/api/gateway/openapi.json",
        "/assets/<path:filename>",
        "/embed/cta.js",
        "/errors/<int:status>",
        "/resources",
        "/resources/<slug>",
        "/resources/authors/<slug>",
        "/resources/conditions/<slug>",
        "/robots.txt",
        "/sitemap.xml",
        "/healthz",
        "/metrics",
        *(f"/{slug}" for slug in ("accessibility", "disclaimer", "notice-of-privacy-practices", "privacy")),
        *(f"/{slug}/<version>" for slug in ("accessibility", "disclaimer", "notice-of-privacy-practices", "privacy")),
        "/sms-terms",
        "/sms-terms/<version>",
        "/telehealth-consent",
        "/telehealth-consent/<version>",
        "/terms",
        "/terms/<version>",
    },
}


@pytest.fixture(scope="module")
def apps(databases) -> Iterator[dict[str, Flask]]:  # type: ignore[no-untyped-def]
    """The three services and the gateway app, each on its own fresh database."""
    from gateway.app import create_app as gateway
    from services.billing.app import create_app as billing
    from services.kit.dev_keys import DEV_STAFF_PUBLIC_KEY_PEM
    from services.leads.app import create_app as leads
    from services.newsletter.app import create_app as newsletter

    builders: dict[str, Callable[..., Flask]] = {
        "leads": leads,
        "billing": billing,
        "newsletter": newsletter,
        "gateway": gateway,
    }
    built = {}
    for name, build in builders.items():
        url = databases.create(name)
        env = {
            "APP_ENV": "development",
            "LOG_LEVEL": "WARNING",
            f"{name.upper()}_DATABASE_URL": url,
            "STAFF_TOKEN_PUBLIC_KEY": DEV_STAFF_PUBLIC_KEY_PEM,
            **{f"{s.upper()}_URL": "http://127.0.0.1:9" for s in ("leads", "billing", "newsletter")},
        }
        built[name] = build(env)
    yield built
    for name, app in built.items():
        if name != "gateway":
            app.extensions["container"].db.dispose()


def _get_rules(app: Flask) -> dict[str, Rule]:
    return {rule.rule: rule for rule in app.url_map.iter_rules() if "GET" in (rule.methods or ())}


def _example(rule: Rule) -> str:
    """A concrete address for a rule: a well-formed but unknown value for each part."""
    values: dict[str, object] = {}
    for name in rule.arguments:
        converter = rule._converters[name]  # noqa: SLF001 - werkzeug keeps converters here
        if isinstance(converter, IntegerConverter):
            values[name] = 1
        elif isinstance(converter, PathConverter):
            values[name] = "missing.css"
        else:
            values[name] = str(uuid.uuid4())
    _, path = rule.build(values, append_unknown=False)  # type: ignore[misc]
    return str(path)


@pytest.mark.parametrize("service", sorted(PRIVATE))
def test_every_get_route_is_classified(apps, service):  # type: ignore[no-untyped-def]
    """The route list and the classification agree exactly: no route is new and unclassified, none is stale."""
    found = set(_get_rules(apps[service]))
    assert not PRIVATE[service] & PUBLIC[service]
    assert found - PRIVATE[service] - PUBLIC[service] == set(), "classify these routes as PRIVATE or PUBLIC"
    assert (PRIVATE[service] | PUBLIC[service]) - found == set(), "these routes no longer exist"


@pytest.mark.parametrize("service", sorted(PRIVATE))
def test_every_private_route_sends_no_store_to_staff_visitors_and_scripts(apps, service, staff_token):  # type: ignore[no-untyped-def]
    """Signed in as an admin or not, as a browser or a script, each private route's answer is never cached."""
    client = apps[service].test_client()
    admin = {"Authorization": f"Bearer {staff_token('admin')}"}
    missing = []
    for path, rule in sorted(_get_rules(apps[service]).items()):
        if path not in PRIVATE[service]:
            continue
        address = _example(rule)
        for headers in (
            {**admin, "Accept": "text/html"},
            {**admin, "Accept": "application/json"},
            {"Accept": "text/html"},
        ):
            answer = client.get(address, headers=headers)
            if "no-store" not in answer.headers.get("Cache-Control", ""):
                missing.append((address, answer.status_code, "staff" if "Authorization" in headers else "anonymous"))
    assert missing == [], "\n".join(map(str, missing))
