"""`make backup` and `make restore`: every row of every service's database comes back in scratch databases."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select

from services.billing.app import create_app as create_billing
from services.billing.webhooks.signature import sign as sign_stripe
from services.kit.backups import DATABASES, MANIFEST
from services.kit.db import make_engine
from services.kit.event_signing import sign as sign_event
from services.leads.app import create_app as create_leads
from services.newsletter.app import create_app as create_newsletter
from tests.conftest import EVENTS_KEY
from tests.leads.payloads import likely_eligible
from tests.support.databases import DatabaseFactory
from tests.support.servers import ROOT


def every_row(url: str) -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table, as sorted text tuples, so two databases can be compared whole."""
    engine = make_engine(url)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as conn:
            return {
                name: sorted(tuple(repr(value) for value in row) for row in conn.execute(select(found)))
                for name, found in metadata.tables.items()
            }
    finally:
        engine.dispose()


def seed(env: dict[str, str]) -> None:
    """Put real rows in each database through the services' own front doors."""
    leads = create_leads(env)
    for _ in range(3):
        assert leads.test_client().post("/api/leads/assessments", json=likely_eligible()).status_code == 201
    leads.extensions["container"].db.dispose()
    newsletter = create_newsletter(env)
    for n in range(3):
        answer = newsletter.test_client().post("/api/newsletter/subscriptions", json={"email": f"r{n}@example.com"})
        assert answer.status_code in (200, 201, 202), answer.get_data(as_text=True)
    newsletter.extensions["container"].db.dispose()
    billing = create_billing(env)
    client = billing.test_client()
    event = {
        "id": str(uuid.uuid4()),
        "type": "lead.checkout_cleared",
        "source": "leads",
        "occurred_at": "2026-11-21T00:00:00+00:00",
        "data": {
            "lead_id": str(uuid.uuid4()),
            "email": "member@example.com",
            "first_name": "Ana",
            "last_name": "Diaz",
            "state": "FL",
            "cleared_by": "eligibility",
        },
    }
    body = json.dumps(event).encode()
    ts, signature = sign_event(EVENTS_KEY, body)
    headers = {"X-Event-Timestamp": ts, "X-Event-Signature": signature}
    assert client.post("/internal/events", data=body, headers=headers).status_code == 200
    stripe_event = json.dumps(
        {"object": "event", "id": "evt_backup_1", "type": "customer.created", "created": 1, "data": {"object": {}}}
    ).encode()
    stripe_headers = {
        "Stripe-Signature": sign_stripe(stripe_event, "whsec_dev_standin"),
        "Content-Type": "application/json",
    }
    assert client.post("/webhooks/stripe", data=stripe_event, headers=stripe_headers).status_code in (200, 202)
    billing.extensions["container"].db.dispose()
    subprocess.run(
        [sys.executable, "-m", "gateway.staff.cli", "create-user", "--email", "nurse@clinic.example"]
        + ["--role", "clinician", "--password-env", "STAFF_PASSWORD"],
        env={**env, "STAFF_PASSWORD": "a long enough passphrase for tests", "PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
        cwd=ROOT,
    )


def run_backups(*args: str, env: dict[str, str]) -> str:
    """Run the backup command as `make backup` and `make restore` do; return what it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "services.kit.backups", *args],
        env={**env, "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin:/usr/local/bin"},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_backup_restores_into_scratch_databases_with_every_row(
    databases: DatabaseFactory, service_env: Callable[..., dict[str, str]], tmp_path: Path
) -> None:
    """Dump all four databases, restore them into fresh empty ones, and find the very same rows in each table."""
    env = service_env("leads", SPAM_IP_PER_HOUR="1000", LOG_LEVEL="WARNING")
    for name in ("billing", "newsletter", "gateway"):
        env[f"{name.upper()}_DATABASE_URL"] = databases.create(name)
    # The gateway's settings insist on its upstreams, as dev.env gives them under `make backup`.
    env.update({f"{name.upper()}_URL": "http://127.0.0.1:9" for name in ("leads", "billing", "newsletter")})
    seed(env)
    printed = run_backups("dump", "--to", str(tmp_path / "backups"), env=env)
    [folder] = list((tmp_path / "backups").iterdir())
    assert str(folder) in printed and oct(folder.stat().st_mode & 0o777) == "0o700"
    manifest = json.loads((folder / MANIFEST).read_text())
    assert set(manifest["databases"]) == set(DATABASES)
    scratch = {name: databases.create(name, migrate=False) for name in DATABASES}
    into = [f"--into={name}={url}" for name, url in scratch.items()]
    printed = run_backups("restore", str(folder), *into, env=env)
    assert printed.count("as in the backup") == len(DATABASES)
    seeded = {"leads": "leads", "newsletter": "subscribers", "billing": "stripe_events", "gateway": "staff_users"}
    for name in DATABASES:
        original, restored = every_row(env[f"{name.upper()}_DATABASE_URL"]), every_row(scratch[name])
        assert restored == original, f"{name} differs after restore"
        assert restored[seeded[name]], f"{name} had no {seeded[name]} to restore"


def test_a_restore_refuses_a_folder_without_that_database(databases: DatabaseFactory, tmp_path: Path) -> None:
    """Naming a database the backup does not hold stops with a message, before anything is written."""
    (tmp_path / MANIFEST).write_text(json.dumps({"taken_at": "x", "databases": {}}))
    done = subprocess.run(
        [sys.executable, "-m", "services.kit.backups", "restore", str(tmp_path), "--into=leads=sqlite:///x.db"],
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode != 0 and "holds no backup of leads" in done.stderr
    assert not (ROOT / "x.db").exists()


@pytest.mark.parametrize("pair", ["leads", "payments=sqlite:///x.db"])
def test_a_restore_target_must_name_a_known_database(pair: str, tmp_path: Path) -> None:
    """`--into` takes NAME=URL for one of the four databases, and says so otherwise."""
    done = subprocess.run(
        [sys.executable, "-m", "services.kit.backups", "restore", str(tmp_path), f"--into={pair}"],
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode != 0 and "NAME=URL" in done.stderr
