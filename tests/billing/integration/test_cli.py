"""The operator commands: catalog creation, reconcile and failed events, run as processes."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.billing.harness import BillingHarness
from tests.support.servers import ROOT


def _run(billing: BillingHarness, *argv: str) -> str:
    """Run `python -m argv` with billing's environment; return its output."""
    done = subprocess.run(
        [sys.executable, "-m", *argv],
        env={**billing.env, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def test_the_catalog_command_creates_product_and_price_once(billing: BillingHarness) -> None:
    """The first run creates the $250/month price under its lookup key; the second finds it."""
    first = json.loads(_run(billing, "services.billing.catalog"))
    second = json.loads(_run(billing, "services.billing.catalog"))
    assert first["created"] == ["product", "price"] and second["created"] == []
    assert first["price_id"] == second["price_id"]
    price = billing.standin.store.get("price", first["price_id"])
    assert (price["unit_amount"], price["currency"], price["recurring"]["interval"]) == (25000, "usd", "month")
    assert billing.standin.store.get("product", first["product_id"])["name"] == "Membership"


def test_the_reconcile_and_failed_events_commands_report(billing: BillingHarness) -> None:
    """Reconcile prints its report; the failed-events list is empty when all went well."""
    billing.subscribe()
    report = json.loads(_run(billing, "services.billing.repair", "reconcile"))
    assert report == {"customers": 1, "fixed": 0, "failed": []}
    assert _run(billing, "services.billing.webhooks.failed", "list") == ""
    assert "queued 0 event(s)" in _run(billing, "services.billing.webhooks.failed", "replay", "--all")
